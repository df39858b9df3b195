/**
 * A round's problem tree, edited in place by 整改办: add a top-level node or a
 * child, edit a node's label, title and description, move it up, down or under
 * another node, delete it with what is under it. Moving and deleting are offered
 * only while nothing under the node has progress or a review (the server's
 * `abilities` say so per node).
 */
import { useMemo, useState } from 'react';
import { App as AntdApp, Button, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, NodeIndexOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useT } from '../../../i18n';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { StatusTag } from '../../../components/StatusTag';
import { problemCreateBody, type TreeNode } from '../../../lib/domain';
import { zodRule } from '../../../lib/zod-form';
import { paths } from '../../../config/paths';
import { useCreateNode, useDeleteNode, useEditNode, useEditText, useTree } from '../api/rounds';

interface Row extends TreeNode {
  children?: Row[];
}

function nest(nodes: readonly TreeNode[]): Row[] {
  const byId = new Map<number, Row>(nodes.map((n) => [n.id, { ...n }]));
  const roots: Row[] = [];
  for (const n of nodes) {
    const row = byId.get(n.id)!;
    const parent = n.parentId != null ? byId.get(n.parentId) : undefined;
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  return roots;
}

interface NodeValues {
  label?: string;
  title?: string;
  description?: string;
}

/** Add a node (under `parent`, or at the top) or edit one. */
function NodeModal({
  inspectionId,
  parent,
  node,
  onClose,
}: {
  inspectionId: number;
  parent: Row | null;
  node: Row | null;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm<NodeValues>();
  const create = useCreateNode();
  const editText = useEditText();
  const editNode = useEditNode();
  const busy = create.isPending || editText.isPending || editNode.isPending;
  const error = create.error ?? editText.error ?? editNode.error;
  const submit = async () => {
    const v = await form.validateFields();
    if (node) {
      if (v.label !== undefined && v.label !== node.label) await editNode.mutateAsync({ id: node.id, body: { label: v.label } });
      const text: { title?: string; description?: string } = {};
      if (v.title !== undefined && v.title !== node.title) text.title = v.title;
      if ((v.description ?? '') !== node.description) text.description = v.description ?? '';
      if (Object.keys(text).length) await editText.mutateAsync({ id: node.id, body: text });
      message.success(t('rounds.tree.saved', { label: v.label ?? node.label }));
    } else {
      await create.mutateAsync({
        inspectionId,
        parentId: parent?.id ?? null,
        label: v.label ?? '',
        title: v.title ?? '',
        description: v.description ?? '',
      });
      message.success(t('rounds.tree.added', { label: v.label ?? '' }));
    }
    onClose();
  };
  return (
    <Modal
      open
      title={
        node
          ? t('rounds.tree.editTitle')
          : parent
            ? t('rounds.tree.addUnder', { label: `${parent.label} ${parent.title}` })
            : t('rounds.tree.addTop')
      }
      okText={t('ledgerux.save')}
      cancelText={t('common.cancel')}
      onOk={() => submit().catch(() => undefined)}
      confirmLoading={busy}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={node ? { label: node.label, title: node.title, description: node.description } : {}}
      >
        <Form.Item name="label" label={t('ledger.col.label')} htmlFor="node-label" rules={[zodRule(problemCreateBody.shape.label)]}>
          <Input id="node-label" maxLength={20} placeholder={t('rounds.tree.labelPlaceholder')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="title" label={t('rounds.tree.title')} htmlFor="node-title" rules={[zodRule(problemCreateBody.shape.title)]}>
          <Input id="node-title" maxLength={500} />
        </Form.Item>
        <Form.Item name="description" label={t('rounds.tree.description')} htmlFor="node-description">
          <Input.TextArea id="node-description" autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} />
        </Form.Item>
      </Form>
      {error && <ErrorAlert error={error} />}
    </Modal>
  );
}

/** Move a node under another group (or to the top). */
function MoveModal({ node, nodes, onClose }: { node: Row; nodes: readonly TreeNode[]; onClose: () => void }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const move = useEditNode();
  const [to, setTo] = useState<number | 0>(node.parentId ?? 0);
  // not under itself or what is under it, and not deeper than three levels
  const below = useMemo(() => {
    const out = new Set<number>([node.id]);
    for (const n of nodes) if (n.parentId != null && out.has(n.parentId)) out.add(n.id);
    return out;
  }, [node, nodes]);
  const depth = Math.max(...nodes.filter((n) => below.has(n.id)).map((n) => n.level)) - node.level;
  const options = [
    { value: 0, label: t('rounds.tree.top') },
    ...nodes
      .filter((n) => !below.has(n.id) && n.level + 1 + depth <= 3 && n.abilities.addChild)
      .map((n) => ({ value: n.id, label: `${'　'.repeat(n.level - 1)}${n.label} ${n.title}` })),
  ];
  return (
    <Modal
      open
      title={t('rounds.tree.moveTitle', { label: `${node.label} ${node.title}` })}
      okText={t('rounds.tree.move')}
      cancelText={t('common.cancel')}
      confirmLoading={move.isPending}
      onCancel={onClose}
      onOk={() =>
        move
          .mutateAsync({ id: node.id, body: { parentId: to === 0 ? null : to } })
          .then(() => {
            message.success(t('rounds.tree.moved', { label: node.label }));
            onClose();
          })
          .catch(() => undefined)
      }
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('rounds.tree.moveTo')} htmlFor="move-to">
          <Select id="move-to" value={to} onChange={setTo} options={options} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
      </Form>
      {move.isError && <ErrorAlert error={move.error} />}
    </Modal>
  );
}

export function TreeEditor({ inspectionId }: { inspectionId: number }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const tree = useTree(inspectionId);
  const move = useEditNode();
  const del = useDeleteNode();
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set());
  const [modal, setModal] = useState<
    { kind: 'add'; parent: Row | null } | { kind: 'edit'; node: Row } | { kind: 'move'; node: Row } | null
  >(null);
  const nodes = useMemo(() => tree.data?.nodes ?? [], [tree.data]);
  const roots = useMemo(() => nest(nodes), [nodes]);
  const siblingsOf = (n: TreeNode) => nodes.filter((x) => x.parentId === n.parentId);

  const shift = (n: Row, by: -1 | 1) => {
    const sibs = siblingsOf(n);
    const at = sibs.findIndex((x) => x.id === n.id);
    move.mutate({ id: n.id, body: { position: at + by } }, { onError: (e) => message.error(e.message) });
  };

  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="center" wrap>
        {tree.data?.addProblem && (
          <Button icon={<PlusOutlined />} onClick={() => setModal({ kind: 'add', parent: null })}>
            {t('rounds.tree.addTop')}
          </Button>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('rounds.tree.help')}
        </Typography.Text>
      </Flex>
      {tree.isError && <ErrorAlert error={tree.error} onRetry={() => tree.refetch()} />}
      <Table<Row>
        size="small"
        bordered
        rowKey="id"
        loading={tree.isLoading || move.isPending || del.isPending}
        dataSource={roots}
        pagination={false}
        scroll={{ x: 900 }}
        expandable={{
          // groups open unless the person closed them (the data arrives after the first render)
          expandedRowKeys: nodes
            .filter((n) => n.leafCount > 0 && nodes.some((x) => x.parentId === n.id) && !collapsed.has(n.id))
            .map((n) => n.id),
          onExpand: (open, n) =>
            setCollapsed((prev) => {
              const next = new Set(prev);
              if (open) next.delete(n.id);
              else next.add(n.id);
              return next;
            }),
          indentSize: 18,
        }}
        locale={{ emptyText: t('rounds.tree.empty') }}
        columns={[
          { title: t('ledger.col.label'), dataIndex: 'label', width: 150, onCell: () => ({ style: { whiteSpace: 'nowrap' } }) },
          {
            title: t('rounds.tree.title'),
            key: 'title',
            render: (_, n) =>
              n.children?.length ? (
                <span style={{ fontWeight: 600 }}>{n.title}</span>
              ) : (
                <Link to={paths.problem.getHref(n.id)}>{n.title}</Link>
              ),
          },
          {
            title: t('rounds.tree.leaves'),
            key: 'leaves',
            width: 90,
            render: (_, n) => (n.children?.length ? t('ledger.groupCount', { n: n.leafCount }) : <StatusTag status={n.status} />),
          },
          {
            title: t('rounds.tree.actions'),
            key: 'actions',
            width: 330,
            render: (_, n) => {
              const sibs = siblingsOf(n);
              const at = sibs.findIndex((x) => x.id === n.id);
              const why = n.abilities.move ? undefined : t('rounds.tree.locked');
              return (
                <Space size={2} wrap>
                  {n.abilities.edit && (
                    <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setModal({ kind: 'edit', node: n })}>
                      {t('ledgerux.edit')}
                    </Button>
                  )}
                  {n.abilities.addChild && (
                    <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setModal({ kind: 'add', parent: n })}>
                      {t('rounds.tree.addChild')}
                    </Button>
                  )}
                  <Tooltip title={why}>
                    <Button
                      size="small"
                      type="text"
                      icon={<ArrowUpOutlined />}
                      aria-label={t('rounds.tree.up', { label: n.label })}
                      disabled={!n.abilities.move || at <= 0}
                      onClick={() => shift(n, -1)}
                    />
                  </Tooltip>
                  <Tooltip title={why}>
                    <Button
                      size="small"
                      type="text"
                      icon={<ArrowDownOutlined />}
                      aria-label={t('rounds.tree.down', { label: n.label })}
                      disabled={!n.abilities.move || at >= sibs.length - 1}
                      onClick={() => shift(n, 1)}
                    />
                  </Tooltip>
                  <Tooltip title={why ?? t('rounds.tree.move')}>
                    <Button
                      size="small"
                      type="text"
                      icon={<NodeIndexOutlined />}
                      aria-label={t('rounds.tree.moveTitle', { label: n.label })}
                      disabled={!n.abilities.move}
                      onClick={() => setModal({ kind: 'move', node: n })}
                    />
                  </Tooltip>
                  {n.abilities.delete ? (
                    <Popconfirm
                      title={t('rounds.tree.deleteConfirm', { label: `${n.label} ${n.title}` })}
                      description={n.children?.length ? t('rounds.tree.deleteChildren', { n: n.leafCount }) : undefined}
                      okText={t('ledgerux.delete')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() =>
                        del.mutateAsync(n.id).then(
                          (r) => message.success(t('rounds.tree.deleted', { n: r.deleted })),
                          (e: Error) => message.error(e.message),
                        )
                      }
                    >
                      <Button
                        size="small"
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('rounds.tree.delete', { label: n.label })}
                      />
                    </Popconfirm>
                  ) : (
                    <Tooltip title={why}>
                      <Button
                        size="small"
                        type="text"
                        danger
                        disabled
                        icon={<DeleteOutlined />}
                        aria-label={t('rounds.tree.delete', { label: n.label })}
                      />
                    </Tooltip>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      {modal?.kind === 'add' && <NodeModal inspectionId={inspectionId} parent={modal.parent} node={null} onClose={() => setModal(null)} />}
      {modal?.kind === 'edit' && <NodeModal inspectionId={inspectionId} parent={null} node={modal.node} onClose={() => setModal(null)} />}
      {modal?.kind === 'move' && <MoveModal node={modal.node} nodes={nodes} onClose={() => setModal(null)} />}
    </Flex>
  );
}
