/** The controls of a certificate type's fields, generated from its JSON Schema and labelled in the page language. */
import { useLang } from '../i18n/lang';
import { useStationText, type StationMessages } from './messages';
import { emptyRow, fieldKind, type FieldError, type FormValues, type Row } from './schema-form';
import type { CertificateType, JsonSchema } from './types';
import { describedBy, Field, fill, pick } from './ui';

export function errorText(error: FieldError | undefined, field: string, t: StationMessages): string | undefined {
  return error ? fill(t[error.key], { field, n: error.n ?? '' }) : undefined;
}

export function DetailsFields(props: { type: CertificateType; values: FormValues; errors: Record<string, FieldError>; onChange: (values: FormValues) => void; idPrefix: string }) {
  const t = useStationText();
  const { lang } = useLang();
  const { type, values, errors } = props;
  const required = new Set(type.schema.required ?? []);
  const set = (field: string, value: FormValues[string]) => props.onChange({ ...values, [field]: value });

  return (
    <div class="inputs inputs--two">
      {Object.entries(type.schema.properties ?? {}).map(([field, schema]) => {
        const id = `${props.idPrefix}-${field}`;
        const label = `${type.labels[field] ? pick(type.labels[field], lang) : field}${schema['x-unit'] ? ` (${schema['x-unit']})` : ''}`;
        const fullLabel = required.has(field) ? label : `${label} ${t.optional}`;
        const error = errorText(errors[field], label, t);
        const kind = fieldKind(schema);
        const value = values[field];
        if (kind === 'rows') {
          const columnLabel = (column: string) => (type.labels[`${field}.${column}`] ? pick(type.labels[`${field}.${column}`]!, lang) : column);
          return <RowsField key={field} id={id} label={fullLabel} schema={schema} rows={(value as Row[]) ?? []} errors={errors} field={field} error={error} columnLabel={columnLabel} onChange={(rows) => set(field, rows)} />;
        }
        if (kind === 'boolean') {
          return (
            <div class="field field--check" key={field}>
              <input id={id} type="checkbox" checked={value === true} onChange={(event) => set(field, event.currentTarget.checked)} />
              <label for={id}>{label}</label>
            </div>
          );
        }
        const common = { id, name: field, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': describedBy(id, error), required: required.has(field) };
        const text = typeof value === 'string' ? value : '';
        const onInput = (event: Event) => set(field, (event.currentTarget as HTMLInputElement).value);
        return (
          <Field key={field} id={id} label={fullLabel} error={error}>
            {kind === 'enum' ? (
              <select {...common} value={text} onChange={onInput}>
                <option value="">{t.choose}</option>
                {(schema.enum ?? []).map((option) => {
                  const optionLabel = type.values[field]?.[String(option)];
                  return (
                    <option key={String(option)} value={String(option)}>
                      {optionLabel ? pick(optionLabel, lang) : String(option)}
                    </option>
                  );
                })}
              </select>
            ) : kind === 'longtext' ? (
              <textarea {...common} rows={3} value={text} onInput={onInput} />
            ) : (
              <input
                {...common}
                type={(kind === 'date' ? 'date' : kind === 'datetime' ? 'datetime-local' : kind === 'integer' || kind === 'number' ? 'number' : 'text') as 'text'}
                step={kind === 'number' ? 'any' : undefined}
                inputMode={kind === 'integer' ? 'numeric' : kind === 'number' ? 'decimal' : undefined}
                value={text}
                onInput={onInput}
              />
            )}
          </Field>
        );
      })}
    </div>
  );
}

function RowsField(props: { id: string; label: string; schema: JsonSchema; rows: Row[]; field: string; errors: Record<string, FieldError>; error?: string; columnLabel: (column: string) => string; onChange: (rows: Row[]) => void }) {
  const t = useStationText();
  const columns = Object.entries(props.schema.items?.properties ?? {});
  const itemRequired = new Set(props.schema.items?.required ?? []);
  const update = (index: number, column: string, value: string) => props.onChange(props.rows.map((row, i) => (i === index ? { ...row, [column]: value } : row)));
  return (
    <fieldset class="rows" aria-describedby={props.error ? `${props.id}-error` : undefined}>
      <legend>{props.label}</legend>
      {props.rows.map((row, index) => (
        <div class="rows__row" key={index} role="group" aria-label={fill(t.rowLabel, { n: index + 1 })}>
          {columns.map(([column, schema]) => {
            const id = `${props.id}-${index}-${column}`;
            const label = props.columnLabel(column);
            const error = errorText(props.errors[`${props.field}.${index}.${column}`], label, t);
            return (
              <Field key={column} id={id} label={`${label}${itemRequired.has(column) ? '' : ` ${t.optional}`}`} error={error}>
                <input id={id} value={row[column] ?? ''} maxLength={schema.maxLength} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, error)} onInput={(event) => update(index, column, event.currentTarget.value)} />
              </Field>
            );
          })}
          <button class="button button--secondary button--small" type="button" onClick={() => props.onChange(props.rows.filter((_, i) => i !== index))}>
            {fill(t.removeRow, { n: index + 1 })}
          </button>
        </div>
      ))}
      <button class="button button--secondary button--small" type="button" onClick={() => props.onChange([...props.rows, emptyRow(props.schema)])}>
        {t.addRow}
      </button>
      {props.error && (
        <p class="hint hint--error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
