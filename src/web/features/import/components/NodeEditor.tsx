import { useState } from 'react';
import { Button, Flex, Form, Input, Popconfirm, Select, Typography } from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CheckOutlined,
  DeleteOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  MergeCellsOutlined,
  SplitCellsOutlined,
} from '@ant-design/icons';
import { useT } from '../../../i18n';
import {
  KINDS,
  canIndent,
  canOutdent,
  deleteNode,
  indentNode,
  mergeWithNext,
  moveNode,
  nextSibling,
  outdentNode,
  siblingsOf,
  splitNode,
  subtreeIds,
  updateNode,
  type EditNode,
} from '../lib/tree';
import type { NodeKind } from '../lib/schemas';
import { SplitModal } from './SplitModal';

interface Values {
  label: string;
  title: string;
  kind: NodeKind;
  text: string;
}

/** Inline fixes on the selected node; every change goes through `apply` (which keeps the undo history). */
export function NodeEditor({
  node,
  nodes,
  lines,
  apply,
}: {
  node: EditNode;
  nodes: EditNode[];
  lines: string[];
  /** The new node list, and the node to select afterwards (null: none). */
  apply: (next: EditNode[], select?: string | null) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const [splitting, setSplitting] = useState(false);
  const sibs = siblingsOf(nodes, node.id);
  const idx = sibs.findIndex((s) => s.id === node.id);
  const next = nextSibling(nodes, node.id);
  const below = subtreeIds(nodes, node.id).size - 1;

  const onFinish = (v: Values) => {
    const title = v.title.trim();
    if (!title) {
      form.setFields([{ name: 'title', errors: [t('import.edit.titleRequired')] }]);
      return;
    }
    apply(updateNode(nodes, node.id, { label: v.label.trim(), title, kind: v.kind, text: v.text }), node.id);
  };

  const tool = (label: string, icon: React.ReactNode, onClick: () => void, disabled = false) => (
    <Button size="small" icon={icon} onClick={onClick} disabled={disabled}>
      {label}
    </Button>
  );

  return (
    <section aria-label={t('import.edit.title')}>
      <Form<Values>
        form={form}
        layout="vertical"
        size="small"
        name="import-node"
        initialValues={{ label: node.label, title: node.title, kind: node.kind, text: node.text }}
        onFinish={onFinish}
      >
        <Flex gap={8}>
          <Form.Item name="label" label={t('import.edit.label')} style={{ width: 110, marginBottom: 8 }}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="kind" label={t('import.edit.kind')} style={{ width: 110, marginBottom: 8 }}>
            <Select options={KINDS.map((k) => ({ value: k, label: t(`import.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="title" label={t('import.edit.titleField')} style={{ flex: 1, marginBottom: 8 }}>
            <Input maxLength={500} />
          </Form.Item>
        </Flex>
        <Form.Item name="text" label={t('import.edit.text')} style={{ marginBottom: 8 }}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={20000} />
        </Form.Item>
        <Button type="primary" size="small" htmlType="submit" icon={<CheckOutlined />}>
          {t('import.edit.apply')}
        </Button>
      </Form>
      <Flex wrap gap={6} style={{ marginTop: 10 }} role="toolbar" aria-label={t('import.edit.tools')}>
        {tool(t('import.edit.up'), <ArrowUpOutlined />, () => apply(moveNode(nodes, node.id, -1), node.id), idx <= 0)}
        {tool(t('import.edit.down'), <ArrowDownOutlined />, () => apply(moveNode(nodes, node.id, 1), node.id), idx >= sibs.length - 1)}
        {tool(
          t('import.edit.outdent'),
          <MenuFoldOutlined />,
          () => apply(outdentNode(nodes, node.id), node.id),
          !canOutdent(nodes, node.id),
        )}
        {tool(
          t('import.edit.indent'),
          <MenuUnfoldOutlined />,
          () => apply(indentNode(nodes, node.id), node.id),
          !canIndent(nodes, node.id),
        )}
        {tool(t('import.edit.merge'), <MergeCellsOutlined />, () => apply(mergeWithNext(nodes, node.id), node.id), !next)}
        {tool(t('import.edit.split'), <SplitCellsOutlined />, () => setSplitting(true))}
        <Popconfirm
          title={t('import.edit.deleteConfirm', { title: `${node.label}${node.title}`.slice(0, 40), n: below })}
          okText={t('import.edit.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() => apply(deleteNode(nodes, node.id), null)}
        >
          <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('import.edit.delete')}>
            {t('import.edit.delete')}
          </Button>
        </Popconfirm>
      </Flex>
      {next && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 6 }}>
          {t('import.edit.nextIs', { label: next.label, title: next.title.slice(0, 30) })}
        </Typography.Text>
      )}
      {splitting && (
        <SplitModal
          node={node}
          open
          onClose={() => setSplitting(false)}
          onSplit={(opts) => {
            const r = splitNode(nodes, node.id, opts, lines);
            setSplitting(false);
            if (r.newId) apply(r.nodes, r.newId);
          }}
        />
      )}
    </section>
  );
}
