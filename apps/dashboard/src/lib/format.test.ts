import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDelta,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRelative,
  formatValue,
  parseDelta,
} from './format.ts';

describe('format', () => {
  it('writes deltas with an explicit sign and reads them back', () => {
    expect(formatDelta(0.12)).toBe('+0.120');
    expect(formatDelta(-0.0344)).toBe('−0.034');
    expect(formatDelta(-0.0001)).toBe('0.000');
    expect(formatDelta(null)).toBe('—');
    expect(parseDelta(formatDelta(-0.25))).toBe(-0.25);
  });

  it('writes numbers, percentages, durations and sizes', () => {
    expect(formatNumber(1 / 3)).toBe('0.333');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatPercent(0.414)).toBe('41%');
    expect(formatDuration(450)).toBe('450 ms');
    expect(formatDuration(2500)).toBe('2.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatValue(0.98064)).toBe('0.981');
    expect(formatValue(1.2e-11)).toBe('1.20e-11');
    expect(formatValue(-250)).toBe('-250');
    expect(formatValue(0)).toBe('0');
  });

  it('writes times relative to now', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(formatRelative('2026-01-01T11:59:50Z', now)).toBe('10 s ago');
    expect(formatRelative('2026-01-01T11:00:00Z', now)).toBe('1 h ago');
    expect(formatRelative('2025-12-01T11:00:00Z', now)).toBe('2025-12-01');
  });
});
