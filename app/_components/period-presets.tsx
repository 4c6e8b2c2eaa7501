'use client';

import { monthPeriod } from '@/lib/statement';
import { formatDay } from './locale';

export type PeriodPreset = 'last-month' | 'this-month' | 'custom';

const PRESETS = [
  ['last-month', 'Last month'],
  ['this-month', 'This month'],
  ['custom', 'Custom'],
] as const;

/** The days of a month preset, counted from `today` (the account's day, not the device's). */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, today: string): { from: string; to: string } {
  return monthPeriod(today, preset === 'last-month' ? -1 : 0);
}

/**
 * The period chooser of Generate Invoice and the customer's statement: Last month, This month or
 * Custom (radios named "preset" under the legend "Period"), then From and To to pick Custom's days,
 * or a month's days as text (`periodTestId`). Controlled: the page keeps the preset and the days,
 * and so decides which days Custom starts from.
 */
export function PeriodPresets(props: {
  preset: PeriodPreset;
  from: string;
  to: string;
  onPreset: (preset: PeriodPreset) => void;
  onDays: (days: { from: string; to: string }) => void;
  periodTestId: string;
}) {
  const { preset, from, to, onPreset, onDays } = props;
  return (
    <>
      <fieldset className="presets">
        <legend>Period</legend>
        {PRESETS.map(([value, label]) => (
          <label key={value} className="radio">
            <input type="radio" name="preset" value={value} checked={preset === value} onChange={() => onPreset(value)} />
            {label}
          </label>
        ))}
      </fieldset>
      {preset === 'custom' ? (
        <div className="form-grid">
          {/* A cleared date input gives '': the day stays as it was. */}
          <label className="field">
            <span>From</span>
            <input type="date" value={from} onChange={(e) => e.target.value && onDays({ from: e.target.value, to })} />
          </label>
          <label className="field">
            <span>To</span>
            <input type="date" value={to} onChange={(e) => e.target.value && onDays({ from, to: e.target.value })} />
          </label>
        </div>
      ) : (
        <p data-testid={props.periodTestId}>
          {formatDay(from)} – {formatDay(to)}
        </p>
      )}
    </>
  );
}
