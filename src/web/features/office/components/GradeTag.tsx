import { Tag } from 'antd';
import { useT } from '../../../i18n';
import type { Grade } from '../../../lib/domain';

const COLOR: Record<Grade, string> = { good: 'success', fairly_good: 'processing', average: 'warning', poor: 'error' };

/** 好/较好/一般/差 as a tag; marked when the office set it by hand. */
export function GradeTag({ grade, overridden }: { grade: Grade; overridden?: boolean }) {
  const t = useT();
  return (
    <Tag color={COLOR[grade]} data-grade={grade}>
      {t(`grade.${grade}`)}
      {overridden ? `（${t('grade.overridden')}）` : ''}
    </Tag>
  );
}
