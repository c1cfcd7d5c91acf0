import { CameraOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, Flex, Image, Spin } from 'antd';
import { useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
import { notifyError } from '../../components/notify';
import { uploadPhoto } from './api';
import { useWoT } from './i18n';

const MAX_BYTES = 5 * 1024 * 1024;
const MAX_EDGE = 1600;

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
}

/** Phone photos are large: re-encode to JPEG at most 1600 px on the long edge before uploading. */
async function shrink(file: File): Promise<Blob> {
  if (file.size < 800 * 1024 || !/^image\/(jpeg|png|webp)$/.test(file.type)) return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const out = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    return out && out.size < file.size ? out : file;
  } catch {
    return file;
  }
}

export interface Photo {
  id: number;
  url: string;
  fileName: string;
}

/** Take or choose photos; each is uploaded at once and its id handed to the form. */
export function PhotoPicker({ value = [], onChange, max = 9 }: { value?: Photo[]; onChange?: (photos: Photo[]) => void; max?: number }) {
  const t = useWoT();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  const add = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    const added: Photo[] = [];
    try {
      for (const file of Array.from(files).slice(0, max - value.length)) {
        const blob = await shrink(file);
        if (blob.size > MAX_BYTES) {
          notifyError(t('wo.form.photoTooBig'));
          continue;
        }
        const dataUrl = await readAsDataUrl(blob);
        const saved = await uploadPhoto(file.name || 'photo.jpg', dataUrl.slice(dataUrl.indexOf(',') + 1));
        added.push({ id: saved.id, url: saved.url, fileName: saved.fileName });
      }
    } catch (e) {
      notifyError(errorMessage(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
      if (added.length) onChange?.([...value, ...added]);
    }
  };

  return (
    <Flex wrap gap={8} align="center" data-testid="wo-photos">
      <Image.PreviewGroup>
        {value.map((p) => (
          <div key={p.id} className="wo-thumb">
            <Image src={p.url} width={72} height={72} style={{ objectFit: 'cover' }} alt={p.fileName} />
            <Button size="small" type="text" danger icon={<DeleteOutlined />} className="wo-thumb-del" onClick={() => onChange?.(value.filter((x) => x.id !== p.id))} />
          </div>
        ))}
      </Image.PreviewGroup>
      {value.length < max ? (
        <Button icon={busy ? <Spin size="small" /> : <CameraOutlined />} disabled={busy} onClick={() => input.current?.click()} data-testid="wo-add-photo">
          {busy ? t('wo.form.uploading') : t('wo.form.addPhoto')}
        </Button>
      ) : null}
      <input ref={input} type="file" accept="image/*" capture="environment" multiple style={{ display: 'none' }} onChange={(e) => void add(e.target.files)} data-testid="wo-photo-input" />
    </Flex>
  );
}
