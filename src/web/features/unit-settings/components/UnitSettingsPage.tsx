import { useEffect, useState } from 'react';
import { App as AntdApp, Alert, Button, Card, Checkbox, Flex, Form, Input, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../../i18n';
import { useSession } from '../../../lib/auth';
import { formatInstant } from '../../../lib/format';
import { applyServerFieldErrors, parseForm } from '../../../lib/zod-form';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageSpinner } from '../../../components/PageSpinner';
import { MAX_CHAIN_STEPS, REVIEWER_ROLES, unitSettingsBody, type UnitSettings } from '../../../lib/domain';
import { useSaveUnitSettings, useUnitSettings } from '../api/unit-settings';

const RULES = ['closureNeedsMeasuresDone', 'measureDeadlineWithinProblem', 'measureDoneStartsProblem'] as const;

/** One review chain: 1–3 steps, each a role and a name, in order. */
function ChainEditor({
  name,
  label,
  first,
  last,
}: {
  name: 'closureChain' | 'extensionChain';
  label: string;
  first: string;
  last: string;
}) {
  const t = useT();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontSize: 15, fontWeight: 600, marginBottom: 8 }}>{label}</legend>
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
            {first} → {fields.map((_, i) => t('settings.stepN', { n: i + 1 })).join(' → ')} → {last}
          </Typography.Text>
          {fields.map((field, i) => (
            <Flex key={field.key} gap={8} wrap align="start" style={{ marginBottom: 4 }}>
              <Typography.Text style={{ lineHeight: '32px', minWidth: 48 }}>{t('settings.stepN', { n: i + 1 })}</Typography.Text>
              <Form.Item
                name={[field.name, 'role']}
                style={{ marginBottom: 8, minWidth: 180 }}
                rules={[{ required: true, message: t('settings.roleRequired') }]}
              >
                <Select
                  aria-label={t('settings.stepRoleAria', { n: i + 1 })}
                  options={REVIEWER_ROLES.map((r) => ({ value: r, label: t(`reviewerRole.${r}`) }))}
                />
              </Form.Item>
              <Form.Item
                name={[field.name, 'name']}
                style={{ marginBottom: 8, flex: '1 1 160px' }}
                rules={[{ required: true, whitespace: true, message: t('settings.nameRequired') }]}
              >
                <Input aria-label={t('settings.stepNameAria', { n: i + 1 })} maxLength={20} placeholder={t('settings.namePlaceholder')} />
              </Form.Item>
              <Button
                aria-label={t('settings.removeStep', { n: i + 1 })}
                icon={<DeleteOutlined />}
                disabled={fields.length <= 1}
                onClick={() => remove(field.name)}
              />
            </Flex>
          ))}
          <Button icon={<PlusOutlined />} disabled={fields.length >= MAX_CHAIN_STEPS} onClick={() => add({ role: 'leader', name: '' })}>
            {t('settings.addStep')}
          </Button>
        </fieldset>
      )}
    </Form.List>
  );
}

function SettingsForm({ settings }: { settings: UnitSettings }) {
  const t = useT();
  const { message } = AntdApp.useApp();
  const [form] = Form.useForm();
  const save = useSaveUnitSettings(settings.unit.id);
  const [error, setError] = useState<unknown>(null);
  const editable = settings.abilities.edit;

  useEffect(() => {
    form.setFieldsValue({ ...settings, rules: settings.rules });
  }, [form, settings]);

  const onFinish = async () => {
    setError(null);
    const body = parseForm(form, unitSettingsBody, form.getFieldsValue(true));
    if (!body) return;
    try {
      await save.mutateAsync(body);
      message.success(t('settings.saved'));
    } catch (e) {
      if (!applyServerFieldErrors(form, e)) setError(e);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={onFinish} disabled={!editable || save.isPending} initialValues={settings}>
      <Flex vertical gap={12}>
        {error ? <ErrorAlert error={error} title={t('settings.saveFailed')} /> : null}
        <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('settings.rules')}</h2>}>
          {RULES.map((r) => (
            <Form.Item key={r} name={['rules', r]} valuePropName="checked" style={{ marginBottom: 8 }} extra={t(`settings.rule.${r}.help`)}>
              <Checkbox>{t(`settings.rule.${r}`)}</Checkbox>
            </Form.Item>
          ))}
        </Card>
        <Card size="small" title={<h2 style={{ margin: 0, fontSize: 15 }}>{t('settings.chains')}</h2>}>
          <Flex vertical gap={20}>
            <Alert type="info" showIcon title={t('settings.chainsHelp')} />
            <ChainEditor
              name="closureChain"
              label={t('settings.closureChain')}
              first={t('settings.deptRequest')}
              last={t('status.closed')}
            />
            <ChainEditor
              name="extensionChain"
              label={t('settings.extensionChain')}
              first={t('settings.deptExtension')}
              last={t('settings.deadlineMoved')}
            />
          </Flex>
        </Card>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {settings.isDefault
              ? t('settings.isDefault')
              : t('settings.updated', { who: settings.updatedBy?.name ?? '—', at: formatInstant(settings.updatedAt) })}
          </Typography.Text>
          {editable && (
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('settings.save')}
            </Button>
          )}
        </Flex>
      </Flex>
    </Form>
  );
}

/** 单位设置 (整改办): the consistency rules and the review chains of closure and extension requests. */
export default function UnitSettingsPage() {
  const t = useT();
  const session = useSession();
  const units = (session.data?.user.roles ?? []).filter((r) => r.role === 'unit_admin' && r.orgKind === 'unit');
  const [unitId, setUnitId] = useState<number | undefined>(units[0]?.orgId);
  const settings = useUnitSettings(unitId);

  if (!units.length) return <Alert type="warning" showIcon title={t('settings.noUnit')} />;
  return (
    <Flex vertical gap={12} style={{ maxWidth: 880 }}>
      <Flex align="baseline" gap={12} wrap>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('settings.title')}
        </Typography.Title>
        {units.length > 1 ? (
          <Space>
            <label htmlFor="settings-unit">{t('settings.unit')}</label>
            <Select
              id="settings-unit"
              value={unitId}
              onChange={setUnitId}
              options={units.map((u) => ({ value: u.orgId, label: u.orgName }))}
            />
          </Space>
        ) : (
          <Typography.Text type="secondary">{units[0].orgName}</Typography.Text>
        )}
      </Flex>
      {settings.isPending ? (
        <PageSpinner />
      ) : settings.isError ? (
        <ErrorAlert error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <SettingsForm key={settings.data.unit.id} settings={settings.data} />
      )}
    </Flex>
  );
}
