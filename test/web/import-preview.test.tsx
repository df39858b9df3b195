/**
 * The import preview says when pasted text has no numbered structure (issue 7, point 12), in
 * Chinese and in English, instead of showing an empty tree without a word; a notice read right
 * shows no such note.
 */
import { closeWindow } from './setup.js';
import { test, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { AppProvider } from '../../src/web/app/provider';
import { PreviewStep } from '../../src/web/features/import/components/PreviewStep';
import { fromNotice } from '../../src/web/features/import/lib/tree';
import { analyseText } from '../../src/domain/notice/index.js';
import { importPreviewSchema, type ImportPreview } from '../../src/domain/schemas/index.js';

afterEach(() => {
  cleanup();
  localStorage.removeItem('zg.locale');
});
after(closeWindow);

const PROSE = '我局高度重视巡察反馈意见，召开专题会议研究部署整改工作。\n针对反馈的问题，逐条制定措施，明确责任。\n目前整改工作正在推进。';

function previewOf(text: string): ImportPreview {
  const notice = analyseText(text);
  const body: ImportPreview = {
    digest: 'a'.repeat(64),
    filename: null,
    size: text.length,
    unitId: 1,
    duplicate: null,
    notice,
    abilities: { commit: true, saveMapping: true },
  };
  // the preview as the server may answer it: valid against the response schema
  importPreviewSchema.parse(body);
  return body;
}

function show(preview: ImportPreview): void {
  const noop = (): void => undefined;
  render(
    <AppProvider>
      <MemoryRouter>
        <PreviewStep
          preview={preview}
          nodes={fromNotice(preview.notice.nodes)}
          edits={0}
          apply={noop}
          undo={noop}
          reparsing={false}
          onReparse={noop}
          onBack={noop}
          onNext={noop}
        />
      </MemoryRouter>
    </AppProvider>,
  );
}

test('text without numbering: the preview says so above the tree and among the findings', () => {
  show(previewOf(PROSE));
  const note = screen.getByTestId('import-no-structure');
  assert.match(note.textContent ?? '', /未识别出编号结构/);
  assert.match(note.textContent ?? '', /“一、”“（一）”“1\.”/);
  assert.match(screen.getByTestId('import-findings').textContent ?? '', /未识别出编号结构/);
});

test('in English the note and the finding are translated', () => {
  localStorage.setItem('zg.locale', 'en');
  show(previewOf(PROSE));
  assert.match(screen.getByTestId('import-no-structure').textContent ?? '', /No numbered structure found/);
  assert.match(screen.getByTestId('import-findings').textContent ?? '', /No numbered structure was recognised/);
});

test('a notice read right shows no such note', () => {
  show(previewOf(readFileSync(join('fixtures', 'notices', 'jinzhan-mixed.txt'), 'utf8')));
  assert.equal(screen.queryByTestId('import-no-structure'), null);
});
