import type { Fault } from './fault-schedule.js';
import type { Sample } from './progress-monitor.js';

const SERIES = [
  { key: 'acknowledged', label: 'acknowledged (202)', colour: '#1f77b4' },
  { key: 'relayed', label: 'relayed to Kafka', colour: '#2ca02c' },
  { key: 'recorded', label: 'recorded by psb adapter', colour: '#d62728' },
  { key: 'webhooks', label: 'webhooks acknowledged', colour: '#9467bd' },
] as const;

const WIDTH = 960;
const HEIGHT = 380;
const LEFT = 60;
const RIGHT = 20;
const TOP = 30;
const BOTTOM = 90;

/** Events per second over time for each hop, with every fault drawn as a shaded band labelled by its kind; an SVG document. */
export function throughputChart(title: string, samples: readonly Sample[], faults: readonly Fault[]): string {
  const start = samples[0]?.at ?? 0;
  const end = Math.max(start + 1, samples.at(-1)?.at ?? start + 1);
  const rates = SERIES.map((series) => ({ ...series, points: ratesOf(samples, series.key) }));
  const top = Math.max(1, ...rates.flatMap((series) => series.points.map(([, rate]) => rate)));
  const x = (at: number): number => LEFT + ((at - start) / (end - start)) * (WIDTH - LEFT - RIGHT);
  const y = (rate: number): number => TOP + (1 - rate / top) * (HEIGHT - TOP - BOTTOM);
  const bands = faults
    .filter((fault) => fault.startedAt !== undefined)
    .map((fault, i) => {
      const from = x(fault.startedAt ?? start);
      const to = Math.max(from + 2, x(fault.endedAt ?? end));
      const labelY = HEIGHT - BOTTOM + 14 + (i % 4) * 12;
      return `<rect x="${from.toFixed(1)}" y="${TOP}" width="${(to - from).toFixed(1)}" height="${HEIGHT - TOP - BOTTOM}" fill="#ff7f0e" fill-opacity="0.18"/><text x="${from.toFixed(1)}" y="${labelY}" font-size="9" fill="#a0522d">${fault.kind}</text>`;
    });
  const lines = rates.map(
    (series) =>
      `<polyline fill="none" stroke="${series.colour}" stroke-width="1.4" points="${series.points.map(([at, rate]) => `${x(at).toFixed(1)},${y(rate).toFixed(1)}`).join(' ')}"/>`,
  );
  const legend = rates.map(
    (series, i) => `<text x="${LEFT + i * 220}" y="${HEIGHT - 12}" font-size="11" fill="${series.colour}">■ ${series.label}</text>`,
  );
  const seconds = (end - start) / 1000;
  const ticks = Array.from({ length: 6 }, (_, i) => i / 5);
  const axes = [
    `<line x1="${LEFT}" y1="${HEIGHT - BOTTOM}" x2="${WIDTH - RIGHT}" y2="${HEIGHT - BOTTOM}" stroke="#333"/>`,
    `<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${HEIGHT - BOTTOM}" stroke="#333"/>`,
    ...ticks.map(
      (f) =>
        `<text x="${(LEFT + f * (WIDTH - LEFT - RIGHT)).toFixed(1)}" y="${HEIGHT - BOTTOM + 62}" font-size="10" text-anchor="middle">${Math.round(f * seconds)} s</text>`,
    ),
    ...ticks.map(
      (f) => `<text x="${LEFT - 6}" y="${(y(f * top) + 3).toFixed(1)}" font-size="10" text-anchor="end">${Math.round(f * top)}</text>`,
    ),
    `<text x="14" y="${TOP + 120}" font-size="11" transform="rotate(-90 14 ${TOP + 120})">events / s</text>`,
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${LEFT}" y="18" font-size="13">${escapeXml(title)}</text>`,
    ...bands,
    ...axes,
    ...lines,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}

/** Events per second between samples about a second apart. */
function ratesOf(samples: readonly Sample[], key: (typeof SERIES)[number]['key']): [number, number][] {
  const points: [number, number][] = [];
  let from = samples[0];
  for (const sample of samples) {
    if (!from || sample.at - from.at < 1_000) continue;
    points.push([sample.at, Math.max(0, ((sample[key] - from[key]) * 1000) / (sample.at - from.at))]);
    from = sample;
  }
  return points;
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
