// Photo upload: each chosen image is sent at once to POST /api/photos; the field's value is the list of photo ids.
import { useState } from 'react';
import { Upload, type UploadFile } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorText, uploadPhoto } from '../../shared/api';
import { useI18n } from '../../shared/i18n';

export function PhotoUploader({ value, onChange, max = 12, id }: { value?: string[]; onChange?: (ids: string[]) => void; max?: number; id?: string }) {
  const { t, lang } = useI18n();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const emit = (list: UploadFile[]) => onChange?.(list.filter((f) => f.status === 'done' && f.response?.id).map((f) => f.response.id as string));
  return (
    <Upload
      id={id}
      listType="picture-card"
      accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
      multiple
      fileList={files}
      data-testid="photo-upload"
      customRequest={({ file, onSuccess, onError }) => {
        uploadPhoto(file as File)
          .then((res) => onSuccess?.(res))
          .catch((e) => onError?.(Object.assign(new Error(errorText(e, lang)), { status: 0 })));
      }}
      onChange={({ fileList }) => {
        const list = fileList.map((f) => (f.status === 'error' ? { ...f, response: f.error?.message ?? f.response } : f));
        setFiles(list);
        emit(list);
      }}
      onRemove={() => true}
    >
      {files.length >= max ? null : (
        <button type="button" className="wg-upload-button" aria-label={t('photos.add')}>
          <PlusOutlined aria-hidden />
          <div>{t('photos.add')}</div>
        </button>
      )}
    </Upload>
  );
}

