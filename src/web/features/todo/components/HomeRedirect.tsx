import { Navigate } from 'react-router-dom';
import { useSession } from '../../../lib/auth';
import { paths } from '../../../config/paths';

/**
 * The home page by role: a department handler and a leader start on their 待办
 * (what waits for them); 整改办, 巡察办 and readers start on the ledger.
 */
export default function HomeRedirect() {
  const session = useSession();
  const user = session.data?.user;
  const roles = new Set(user?.roles.map((r) => r.role) ?? []);
  const manages = roles.has('unit_admin') || roles.has('office_admin');
  const todoHome = !!user?.abilities.viewTodo && !manages && (roles.has('dept_handler') || roles.has('leader'));
  return <Navigate to={todoHome ? paths.todo.getHref() : paths.ledger.getHref()} replace />;
}
