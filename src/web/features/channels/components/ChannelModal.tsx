import { useEffect, useState } from 'react';
import { Form, Input, Modal, Select, Switch, Typography } from 'antd';
import { useT } from '../../../i18n';
import { applyServerFieldErrors, parseForm } from '../../../lib/zod-form';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { CHANNEL_KINDS, channelBody, type Channel, type ChannelKind } from '../../../lib/domain';
import { useCreateChannel, useUpdateChannel } from '../api/channels';

interface Values {
  kind?: ChannelKind;
  name?: string;
  url?: string;
  secret?: string;
  emailTo?: string[];
  enabled?: boolean;
}

/** Adds or edits a channel. The stored address and secret are never shown; a secret left empty on an edit stays. */
export function ChannelModal({
  unitId,
  channel,
  open,
  onClose,
}: {
  unitId: number;
  channel: Channel | null;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const create = useCreateChannel(unitId);
  const update = useUpdateChannel(unitId);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(
      channel
        ? { kind: channel.kind, name: channel.name, emailTo: channel.emailTo, enabled: channel.enabled }
        : { kind: 'dingtalk', enabled: true, emailTo: [] },
    );
  }, [open, channel, form]);

  const onOk = async () => {
    setError(null);
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body = parseForm(form, channelBody, {
      kind: v.kind,
      name: v.name,
      // the server sends the address back masked, so an edit asks for it again
      url: v.kind === 'email' ? undefined : v.url,
      secret: v.kind === 'dingtalk' && v.secret ? v.secret : undefined,
      emailTo: v.kind === 'email' ? v.emailTo : undefined,
      enabled: v.enabled ?? true,
    });
    if (!body) return;
    const done = { onSuccess: onClose, onError: (e: unknown) => (applyServerFieldErrors(form, e) ? undefined : setError(e)) };
    if (channel) update.mutate({ id: channel.id, body }, done);
    else create.mutate(body, done);
  };

  return (
    <Modal
      open={open}
      title={channel ? t('channels.editTitle') : t('channels.addTitle')}
      onCancel={onClose}
      onOk={onOk}
      okText={t('channels.save')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      {error ? <ErrorAlert error={error} title={t('channels.failed')} /> : null}
      <Form form={form} layout="vertical" name="channel">
        <Form.Item name="kind" label={t('channels.kind')}>
          <Select disabled={!!channel} options={CHANNEL_KINDS.map((k) => ({ value: k, label: t(`channelKind.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('channels.name')}
          rules={[{ required: true, whitespace: true, message: t('channels.nameRequired') }]}
        >
          <Input maxLength={50} placeholder={t('channels.namePlaceholder')} />
        </Form.Item>
        {kind === 'email' ? (
          <Form.Item name="emailTo" label={t('channels.emailTo')} extra={t('channels.emailToHint')}>
            <Select mode="tags" tokenSeparators={[',', '，', ' ', ';', '；']} open={false} />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="url"
              label={t('channels.url')}
              extra={channel?.url ? t('channels.urlKept', { url: channel.url }) : t('channels.urlHint')}
            >
              <Input maxLength={500} placeholder="https://" autoComplete="off" />
            </Form.Item>
            {kind === 'dingtalk' && (
              <Form.Item
                name="secret"
                label={t('channels.secret')}
                extra={channel?.hasSecret ? t('channels.secretKept') : t('channels.secretHint')}
              >
                <Input.Password maxLength={200} autoComplete="new-password" placeholder="SEC…" />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item name="enabled" label={t('channels.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('channels.what')}
        </Typography.Paragraph>
      </Form>
    </Modal>
  );
}
