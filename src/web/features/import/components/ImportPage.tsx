import { useCallback, useRef, useState } from 'react';
import { Alert, Button, Card, Flex, Result, Steps, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useT } from '../../../i18n';
import { useSession } from '../../../lib/auth';
import { paths } from '../../../config/paths';
import type { LedgerMapping } from '../lib/schemas';
import { fromNotice, leafCount, type EditNode } from '../lib/tree';
import { usePreviewImport, type ImportPreview, type PreviewSource } from '../api/preview';
import type { CommitResult } from '../api/commit';
import { SourceStep } from './SourceStep';
import { PreviewStep } from './PreviewStep';
import { ConfirmStep } from './ConfirmStep';

type Step = 0 | 1 | 2 | 3;
const HISTORY = 50;

/** 导入通报/台账: source → preview and corrections → inspection round and commit → done. */
export default function ImportPage() {
  const t = useT();
  const navigate = useNavigate();
  const session = useSession();
  const user = session.data?.user;
  const units = user?.units ?? [];

  const [step, setStep] = useState<Step>(0);
  const [source, setSource] = useState<PreviewSource | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<LedgerMapping | undefined>(undefined);
  const [edit, setEdit] = useState<{ nodes: EditNode[]; past: EditNode[][] }>({ nodes: [], past: [] });
  const [percent, setPercent] = useState<number | null>(null);
  const [done, setDone] = useState<CommitResult | null>(null);
  const abort = useRef<AbortController | null>(null);
  const run = usePreviewImport();

  const parse = useCallback(
    (src: PreviewSource, map?: LedgerMapping) => {
      abort.current = new AbortController();
      setPercent(src.type === 'file' ? 0 : null);
      run.mutate(
        { source: src, mapping: map, onProgress: (p) => setPercent(p.percent), signal: abort.current.signal },
        {
          onSuccess: (p) => {
            setSource(src);
            setMapping(map);
            setPreview(p);
            setEdit({ nodes: fromNotice(p.notice.nodes), past: [] });
            setStep(1);
          },
          onSettled: () => setPercent(null),
        },
      );
    },
    [run],
  );

  const apply = useCallback(
    (next: EditNode[]) => setEdit((e) => (next === e.nodes ? e : { nodes: next, past: [...e.past.slice(-HISTORY + 1), e.nodes] })),
    [],
  );
  const undo = useCallback(() => setEdit((e) => (e.past.length ? { nodes: e.past[e.past.length - 1], past: e.past.slice(0, -1) } : e)), []);

  const restart = () => {
    run.reset();
    setStep(0);
    setPreview(null);
    setDone(null);
    setSource(null);
    setMapping(undefined);
    setEdit({ nodes: [], past: [] });
  };

  const canImport = !!user?.abilities.importNotice;
  const runError = run.error && !(run.error instanceof DOMException && run.error.name === 'AbortError') ? run.error : null;

  return (
    <Flex vertical gap={12}>
      <Flex align="baseline" gap={12} wrap>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {t('import.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('import.intro')}</Typography.Text>
      </Flex>

      {!canImport ? (
        <Alert type="warning" showIcon title={t('import.noPermission')} />
      ) : (
        <>
          <Card size="small">
            <Steps
              size="small"
              current={step}
              aria-label={t('import.steps')}
              items={[
                { title: t('import.step.source') },
                { title: t('import.step.preview') },
                { title: t('import.step.confirm') },
                { title: t('import.step.done') },
              ]}
            />
          </Card>

          {step === 0 && (
            <SourceStep
              units={units}
              initial={source}
              pending={run.isPending}
              percent={percent}
              error={runError}
              onSubmit={(src) => parse(src)}
              onCancel={() => abort.current?.abort()}
            />
          )}

          {step === 1 && preview && (
            <>
              {runError ? <Alert type="error" showIcon title={runError instanceof Error ? runError.message : String(runError)} /> : null}
              <PreviewStep
                preview={preview}
                nodes={edit.nodes}
                edits={edit.past.length}
                apply={apply}
                undo={undo}
                mapping={mapping}
                reparsing={run.isPending}
                onReparse={(m) => source && parse(source, m)}
                onBack={() => setStep(0)}
                onNext={() => setStep(2)}
              />
            </>
          )}

          {step === 2 && preview && (
            <ConfirmStep
              preview={preview}
              nodes={edit.nodes}
              unitId={preview.unitId ?? source?.unitId}
              onBack={() => setStep(1)}
              onDone={(r) => {
                setDone(r);
                setStep(3);
              }}
            />
          )}

          {step === 3 && done && (
            <Card size="small">
              <Result
                status="success"
                title={t('import.done.title')}
                subTitle={t('import.done.sub', { total: done.problems, p: leafCount(edit.nodes), m: done.measures })}
                extra={[
                  <Button key="open" type="primary" onClick={() => navigate(paths.ledger.getHref(`inspectionId=${done.inspectionId}`))}>
                    {t('import.done.open')}
                  </Button>,
                  <Button key="again" onClick={restart}>
                    {t('import.done.again')}
                  </Button>,
                ]}
              />
            </Card>
          )}
        </>
      )}
    </Flex>
  );
}
