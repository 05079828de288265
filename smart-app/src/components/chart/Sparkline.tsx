import type { ReactNode } from 'react';
import type { ObservationTrend } from '../../lib/fhir/observation-trend.ts';

export interface SparklineProps {
  readonly trend: ObservationTrend;
  readonly width?: number;
  readonly height?: number;
}

const PAD = 2;

/** A small inline trend line; screen readers get the values as text (`trend.description`). */
export function Sparkline({ trend, width = 96, height = 24 }: SparklineProps): ReactNode {
  const { points } = trend;
  const all = points.flatMap((p) => p.numbers);
  const min = Math.min(...all);
  const max = Math.max(...all);
  const firstTime = points[0]?.time ?? 0;
  const span = (points[points.length - 1]?.time ?? 0) - firstTime;
  const x = (time: number, index: number): number =>
    PAD + (span > 0 ? (time - firstTime) / span : index / Math.max(points.length - 1, 1)) * (width - 2 * PAD);
  const y = (value: number): number => (max === min ? height / 2 : PAD + (1 - (value - min) / (max - min)) * (height - 2 * PAD));
  const seriesCount = points[0]?.numbers.length ?? 0;
  const series = Array.from({ length: seriesCount }, (_, s) =>
    points.map((p, i) => `${x(p.time, i).toFixed(1)},${y(p.numbers[s] ?? 0).toFixed(1)}`).join(' '),
  );
  const last = points[points.length - 1];

  return (
    <svg className="sparkline" role="img" aria-label={trend.description} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      {series.map((line, s) => (
        <polyline key={s} points={line} className={`sparkline__line sparkline__line--${s}`} fill="none" />
      ))}
      {last?.numbers.map((value, s) => (
        <circle key={s} cx={x(last.time, points.length - 1)} cy={y(value)} r={2} className="sparkline__dot" />
      ))}
    </svg>
  );
}
