// Camera photos: opens the rear camera (input capture), reads the EXIF position, resizes on the phone, previews.
import { useEffect, useMemo, useRef } from 'react';
import { Button } from 'antd';
import { CameraOutlined, CloseCircleFilled } from '@ant-design/icons';
import { useT } from '../messages';
import { exifPosition, resizePhoto } from '../photo';

export interface PickedPhoto {
  blob: Blob;
  exif: { lng: number; lat: number } | null;
}

export function PhotoPicker({ photos, onChange, label, max = 6, testId }: { photos: PickedPhoto[]; onChange: (p: PickedPhoto[]) => void; label: string; max?: number; testId?: string }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const urls = useMemo(() => photos.map((p) => URL.createObjectURL(p.blob)), [photos]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  const pick = async (files: FileList | null) => {
    if (!files?.length) return;
    const added: PickedPhoto[] = [];
    for (const f of [...files].slice(0, max - photos.length)) {
      const exif = await exifPosition(f);
      added.push({ blob: await resizePhoto(f), exif });
    }
    onChange([...photos, ...added]);
    if (input.current) input.current.value = '';
  };
  return (
    <div className="fd-photos">
      {urls.map((u, i) => (
        <div key={u} className="fd-photo">
          <img src={u} alt={`${label} ${i + 1}`} />
          <button type="button" className="fd-photo-x" aria-label="remove" onClick={() => onChange(photos.filter((_, j) => j !== i))}>
            <CloseCircleFilled />
          </button>
        </div>
      ))}
      {photos.length < max ? (
        <Button className="fd-photo-add" icon={<CameraOutlined />} onClick={() => input.current?.click()}>
          {label === t('report.photos') ? t('report.addPhoto') : label}
        </Button>
      ) : null}
      <input ref={input} data-testid={testId} type="file" accept="image/*" capture="environment" multiple hidden onChange={(e) => void pick(e.target.files)} />
    </div>
  );
}
