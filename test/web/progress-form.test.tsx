/**
 * The progress form's evidence on a phone (issue 7 point 20): the file picker
 * offers images among the allowed types without forcing the camera, a separate
 * 拍照 button asks for the rear camera, and each chosen photo shows as a
 * thumbnail (an icon for a document) that can be removed before sending; its
 * object URL is let go when it leaves the list.
 */
import { closeWindow } from './setup.js';
import { test, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { AppProvider } from '../../src/web/app/provider';
import { ProgressForm } from '../../src/web/features/problem/components/ProgressForm';

const created: string[] = [];
const revoked: string[] = [];
const realCreate = URL.createObjectURL;
const realRevoke = URL.revokeObjectURL;
URL.createObjectURL = (b: Blob | MediaSource) => {
  const u = `blob:test/${created.length + 1}-${b instanceof File ? b.name : 'blob'}`;
  created.push(u);
  return u;
};
URL.revokeObjectURL = (u: string) => void revoked.push(u);

afterEach(() => cleanup());
after(() => {
  URL.createObjectURL = realCreate;
  URL.revokeObjectURL = realRevoke;
  closeWindow();
});

function inputs(container: HTMLElement) {
  const picker = container.querySelector<HTMLInputElement>('#progress-files');
  const camera = container.querySelector<HTMLInputElement>('#progress-camera');
  assert.ok(picker && camera, 'both file inputs are there');
  return { picker, camera };
}

test('the picker takes images and files; only the 拍照 button asks for the camera', () => {
  const { container } = render(
    <AppProvider>
      <ProgressForm problemId={1} measures={[]} />
    </AppProvider>,
  );
  const { picker, camera } = inputs(container);
  assert.match(picker.accept, /^image\/\*,/);
  assert.match(picker.accept, /\.pdf/);
  assert.equal(picker.getAttribute('capture'), null);
  assert.ok(picker.multiple);
  assert.equal(camera.accept, 'image/*');
  assert.equal(camera.getAttribute('capture'), 'environment');
  screen.getByRole('button', { name: /拍\s*照/ });
  screen.getByRole('button', { name: /选择文件/ });
});

test('a photo shows as a thumbnail, a document as an icon; removing one lets its preview go', async () => {
  const { container } = render(
    <AppProvider>
      <ProgressForm problemId={1} measures={[]} />
    </AppProvider>,
  );
  const { picker, camera } = inputs(container);
  const photo = new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], 'IMG_0001.jpg', { type: 'image/jpeg' });
  const doc = new File(['记录'], '检查记录.txt', { type: 'text/plain' });
  fireEvent.change(camera, { target: { files: [photo] } });
  fireEvent.change(picker, { target: { files: [doc] } });
  const list = await screen.findByRole('list', { name: '已选的佐证材料' });
  await waitFor(() => assert.equal(within(list).getAllByRole('listitem').length, 2));
  const thumb = within(list).getByRole('img', { name: /IMG_0001\.jpg/ });
  assert.equal(thumb.getAttribute('src'), created.at(-1));
  // the document has no picture of its own
  assert.equal(within(list).queryByRole('img', { name: /检查记录\.txt/ }), null);
  within(list).getByText(/检查记录\.txt/);

  fireEvent.click(within(list).getByRole('button', { name: /移除“IMG_0001\.jpg/ }));
  await waitFor(() => assert.equal(within(list).getAllByRole('listitem').length, 1));
  assert.deepEqual(revoked, [created.at(-1)]);
});
