'use client';

import { currentPeriod, lastWholePeriod, type RunSchedule } from '@/lib/billing-run';
import type { Customer } from '@/lib/entities';
import { monthPeriod } from '@/lib/statement';
import { formatDay } from './locale';

export type PeriodPreset = 'last-month' | 'this-month' | 'last-week' | 'this-week' | 'yesterday' | 'today' | 'custom';

/** The presets of a billing cycle, the last whole period first (the default) and then the current one. */
const CYCLE_PRESETS: Record<RunSchedule, readonly (readonly [Exclude<PeriodPreset, 'custom'>, string])[]> = {
  monthly: [
    ['last-month', 'Last month'],
    ['this-month', 'This month'],
  ],
  weekly: [
    ['last-week', 'Last week'],
    ['this-week', 'This week'],
  ],
  daily: [
    ['yesterday', 'Yesterday'],
    ['today', 'Today'],
  ],
};

/**
 * The cycle a customer is billed on, for its presets: its invoice schedule, or monthly for one
 * with none (billed by hand, most often for a month).
 */
export function billingCycle(schedule: Customer['schedule']): RunSchedule {
  return schedule === 'none' ? 'monthly' : schedule;
}

/** The presets offered for a cycle, without Custom: Last month and This month for monthly, and so on. */
export function cyclePresets(cycle: RunSchedule): Exclude<PeriodPreset, 'custom'>[] {
  return CYCLE_PRESETS[cycle].map(([value]) => value);
}

/**
 * The days of a preset, counted from `today` (the account's day, not the device's). Weeks and days
 * are the billing run's (lib/billing-run): Monday to Sunday, as a weekly customer is billed.
 */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, today: string): { from: string; to: string } {
  switch (preset) {
    case 'last-month':
    case 'this-month':
      return monthPeriod(today, preset === 'last-month' ? -1 : 0);
    case 'last-week':
    case 'yesterday': {
      const { start, end } = lastWholePeriod(preset === 'last-week' ? 'weekly' : 'daily', today);
      return { from: start, to: end };
    }
    case 'this-week':
    case 'today': {
      const { start, end } = currentPeriod(preset === 'this-week' ? 'weekly' : 'daily', today);
      return { from: start, to: end };
    }
  }
}

/**
 * The period chooser of Generate Invoice and the customer's statement: the last and the current
 * period of a billing cycle (Last month and This month unless `cycle` says weekly or daily) or
 * Custom (radios named "preset" under the legend "Period"), then From and To to pick Custom's days,
 * or the preset's days as text (`periodTestId`) unless the page shows them itself (`daysShownByPage`:
 * the statement's heading, with its currency, so the period is not read twice). Controlled: the
 * page keeps the preset and the days, and so decides which days Custom starts from.
 */
export function PeriodPresets(props: {
  preset: PeriodPreset;
  from: string;
  to: string;
  onPreset: (preset: PeriodPreset) => void;
  onDays: (days: { from: string; to: string }) => void;
  periodTestId?: string;
  daysShownByPage?: boolean;
  cycle?: RunSchedule;
}) {
  const { preset, from, to, onPreset, onDays } = props;
  const presets = [...CYCLE_PRESETS[props.cycle ?? 'monthly'], ['custom', 'Custom'] as const];
  return (
    <>
      <fieldset className="presets">
        <legend>Period</legend>
        {presets.map(([value, label]) => (
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
        !props.daysShownByPage && (
          <p data-testid={props.periodTestId}>
            {formatDay(from)} – {formatDay(to)}
          </p>
        )
      )}
    </>
  );
}
