import { Badge, Button, Tooltip } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useT } from '../../../i18n';
import { paths } from '../../../config/paths';
import { useUnreadCount } from '../api/notifications';

/** The bell in the top bar with the number of unread messages; it opens the inbox. */
export function InboxBell() {
  const t = useT();
  const count = useUnreadCount(true);
  const n = count.data ?? 0;
  const label = n ? t('inbox.bellCount', { n }) : t('inbox.bell');
  return (
    <Tooltip title={label}>
      <Link to={paths.inbox.getHref()} aria-label={label} data-testid="inbox-bell">
        <Button type="text" tabIndex={-1} style={{ color: '#fff' }} aria-hidden>
          <Badge count={n} overflowCount={99} size="small" offset={[4, -2]}>
            <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
          </Badge>
        </Button>
      </Link>
    </Tooltip>
  );
}
