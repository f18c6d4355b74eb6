import type { ReactNode } from "react";

export interface SelectOption {
  value: string;
  label: ReactNode;
}

/**
 * A labelled select for a GET filter form: uncontrolled (works without JavaScript), with an optional first
 * option that means "no filter" (empty value).
 */
export function SelectField({
  id,
  name,
  label,
  options,
  defaultValue,
  anyLabel,
}: {
  id: string;
  name: string;
  label: ReactNode;
  options: readonly SelectOption[];
  defaultValue?: string;
  anyLabel?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue ?? ""}>
        {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
