import type { SoakSample } from './soak-sample.js';

interface Line {
  readonly label: string;
  readonly points: readonly (readonly [number, number])[];
}

interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly lines: readonly Line[];
}

const COLOURS = ['#1f77b4', '#2ca02c', '#d62728', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2'];
const WIDTH = 960;
const PANEL_HEIGHT = 250;
const LEFT = 70;
const RIGHT = 20;
const TOP = 30;
const BOTTOM = 60;

/**
 * The soak run over time as an SVG document: RSS per process, p50/p99 latency, and the adapter's
 * consumer lag beside the outbox depth, one panel each on a shared time axis.
 */
export function soakChart(title: string, samples: readonly SoakSample[]): string {
  const processes = [...new Set(samples.flatMap((sample) => Object.keys(sample.rssMiB)))];
  const series = (value: (sample: SoakSample) => number | null | undefined): [number, number][] =>
    samples.flatMap((sample) => {
      const v = value(sample);
      return v === null || v === undefined || !Number.isFinite(v) ? [] : [[sample.seconds, v] as [number, number]];
    });
  const panels: Panel[] = [
    {
      title: 'RSS per process',
      unit: 'MiB',
      lines: processes.map((name) => ({ label: name, points: series((sample) => sample.rssMiB[name]) })),
    },
    {
      title: 'publish → recorded by the adapter',
      unit: 'ms',
      lines: [
        { label: 'p99', points: series((sample) => sample.p99Ms) },
        { label: 'p50', points: series((sample) => sample.p50Ms) },
      ],
    },
    {
      title: 'backlog',
      unit: 'records',
      lines: [
        { label: 'consumer lag (adapter group)', points: series((sample) => sample.consumerLag) },
        { label: 'outbox depth', points: series((sample) => sample.outboxDepth) },
      ],
    },
  ];
  const end = Math.max(1, samples.at(-1)?.seconds ?? 1);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${TOP + panels.length * PANEL_HEIGHT}" viewBox="0 0 ${WIDTH} ${TOP + panels.length * PANEL_HEIGHT}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${LEFT}" y="18" font-size="13">${escapeXml(title)}</text>`,
    ...panels.map((panel, i) => drawPanel(panel, TOP + i * PANEL_HEIGHT, end)),
    '</svg>',
    '',
  ].join('\n');
}

function drawPanel(panel: Panel, offsetY: number, end: number): string {
  const valueTicks = niceTicks(Math.max(1, ...panel.lines.flatMap((line) => line.points.map(([, value]) => value))));
  const top = valueTicks.at(-1) ?? 1;
  const plotTop = offsetY + 20;
  const plotBottom = offsetY + PANEL_HEIGHT - BOTTOM;
  const x = (seconds: number): number => LEFT + (seconds / end) * (WIDTH - LEFT - RIGHT);
  const y = (value: number): number => plotTop + (1 - value / top) * (plotBottom - plotTop);
  const axes = [
    `<text x="${LEFT}" y="${offsetY + 12}" font-size="12" font-weight="bold">${escapeXml(panel.title)}</text>`,
    `<line x1="${LEFT}" y1="${plotBottom}" x2="${WIDTH - RIGHT}" y2="${plotBottom}" stroke="#333"/>`,
    `<line x1="${LEFT}" y1="${plotTop}" x2="${LEFT}" y2="${plotBottom}" stroke="#333"/>`,
    ...timeTicks(end).map(
      (seconds) =>
        `<text x="${x(seconds).toFixed(1)}" y="${plotBottom + 14}" font-size="10" text-anchor="middle">${formatSeconds(seconds)}</text>`,
    ),
    ...valueTicks.map(
      (value) =>
        `<line x1="${LEFT}" y1="${y(value).toFixed(1)}" x2="${WIDTH - RIGHT}" y2="${y(value).toFixed(1)}" stroke="#ddd"/>` +
        `<text x="${LEFT - 6}" y="${(y(value) + 3).toFixed(1)}" font-size="10" text-anchor="end">${formatValue(value)}</text>`,
    ),
    `<text x="16" y="${(plotTop + plotBottom) / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 16 ${(plotTop + plotBottom) / 2})">${escapeXml(panel.unit)}</text>`,
    `<text x="${WIDTH - RIGHT}" y="${plotBottom + 28}" font-size="10" text-anchor="end">time since the load started</text>`,
  ];
  const lines = panel.lines.map(
    (line, i) =>
      `<polyline data-series="${escapeXml(line.label)}" fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="1.4" points="${line.points.map(([seconds, value]) => `${x(seconds).toFixed(1)},${y(value).toFixed(1)}`).join(' ')}"/>`,
  );
  const legend = panel.lines.map(
    (line, i) =>
      `<text x="${LEFT + i * 220}" y="${plotBottom + 44}" font-size="11" fill="${COLOURS[i % COLOURS.length]}">■ ${escapeXml(line.label)}</text>`,
  );
  return [...axes, ...lines, ...legend].join('\n');
}

/** 0 and round steps (1, 2 or 5 × a power of ten) up to the first at or above `max`: about five of them. */
export function niceTicks(max: number): number[] {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => m * power >= rough) ?? 10) * power;
  const ticks = [0];
  while ((ticks.at(-1) ?? 0) < max) ticks.push(Math.round(((ticks.at(-1) ?? 0) + step) * 1e9) / 1e9);
  return ticks;
}

/** Round seconds for a short run, round minutes (in seconds) from ten minutes on; none past `end`. */
function timeTicks(end: number): number[] {
  const ticks = end >= 600 ? niceTicks(end / 60).map((minutes) => minutes * 60) : niceTicks(end);
  return ticks.filter((seconds) => seconds <= end);
}

function formatSeconds(seconds: number): string {
  return seconds >= 600 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds)} s`;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
