// Class picker over the catalogue (GB/T 47678.5 plus local classes): search by code or words, zh or en; value "kind:code".
import { useMemo } from 'react';
import { Select, Tag } from 'antd';
import { KIND_LABELS } from '../../shared/labels';
import { useI18n } from '../../shared/i18n';
import type { CatalogueClass } from '../../shared/types';
import { useCatalogue } from './data';

export const classKey = (c: Pick<CatalogueClass, 'kind' | 'code'>) => `${c.kind}:${c.code}`;

export function ClassPicker({
  value,
  onChange,
  kind,
  id,
  allowClear,
  placeholder,
  style,
}: {
  value?: string;
  onChange?: (value: string | undefined, cls: CatalogueClass | undefined) => void;
  kind?: 'component' | 'matter';
  id?: string;
  allowClear?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
}) {
  const { t, lang, pick } = useI18n();
  const catalogue = useCatalogue();
  const classes = useMemo(() => (catalogue.data ?? []).filter((c) => c.active && (!kind || c.kind === kind)), [catalogue.data, kind]);
  const byKey = useMemo(() => new Map(classes.map((c) => [classKey(c), c])), [classes]);
  const options = useMemo(
    () =>
      classes.map((c) => ({
        value: classKey(c),
        // Searched text: code, both languages, the major class.
        search: `${c.code} ${c.nameZh} ${c.nameEn} ${c.majorNameZh} ${c.majorNameEn}`.toLowerCase(),
        label: (
          <span className="wg-class-option">
            <Tag color={c.kind === 'matter' ? 'geekblue' : 'cyan'} variant="filled">
              {pick(KIND_LABELS[c.kind])}
            </Tag>
            <code>{c.code}</code> {lang === 'en' ? c.nameEn : c.nameZh}
            <span className="wg-class-major">{lang === 'en' ? c.majorNameEn : c.majorNameZh}</span>
          </span>
        ),
      })),
    [classes, lang, pick],
  );
  return (
    <Select
      id={id}
      showSearch={{
        filterOption: (input, option) => {
          const words = input.toLowerCase().split(/\s+/).filter(Boolean);
          const hay = (option as { search?: string } | undefined)?.search ?? '';
          return words.every((w) => hay.includes(w));
        },
      }}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v, v ? byKey.get(v) : undefined)}
      options={options}
      loading={catalogue.isPending}
      allowClear={allowClear}
      placeholder={placeholder ?? t('class.placeholder')}
      style={style}
      virtual
      listHeight={320}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 420 } } }}
      data-testid="class-picker"
    />
  );
}
