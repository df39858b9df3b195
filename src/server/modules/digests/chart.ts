/**
 * The dispatch report's chart, drawn on the server: ECharts renders SVG without
 * a browser (its SSR mode), resvg rasterises it to PNG for Word, which shows
 * SVG poorly across versions (and WPS not at all in older releases).
 */
// (ECharts and resvg are loaded on the first chart, as lib/lazy.ts explains: ECharts alone took 0.7 s of every start)

export interface ChartBar {
  name: string;
  /** Completion rate in percent. */
  rate: number;
  overdue: number;
}

/** Completion rate by department (bars) with the overdue count (line), as a PNG. */
export async function completionChart(
  bars: ChartBar[],
  o: { width?: number; height?: number; title?: string } = {},
): Promise<{ png: Uint8Array; svg: string; width: number; height: number }> {
  const [echarts, { Resvg }] = await Promise.all([import('echarts'), import('@resvg/resvg-js')]);
  const width = o.width ?? 800;
  const height = o.height ?? 420;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: 'WenQuanYi Micro Hei, Noto Sans CJK SC, SimHei, sans-serif' },
      title: o.title ? { text: o.title, left: 'center', textStyle: { fontSize: 16 } } : undefined,
      legend: { bottom: 0, data: ['完成率（%）', '超期（项）'] },
      grid: { left: 56, right: 56, top: o.title ? 48 : 24, bottom: 72 },
      xAxis: { type: 'category', data: bars.map((b) => b.name), axisLabel: { interval: 0, rotate: bars.length > 6 ? 30 : 0 } },
      yAxis: [
        { type: 'value', name: '%', min: 0, max: 100 },
        { type: 'value', name: '项', minInterval: 1 },
      ],
      series: [
        {
          name: '完成率（%）',
          type: 'bar',
          data: bars.map((b) => b.rate),
          itemStyle: { color: '#a31515' },
          label: { show: true, position: 'top' },
        },
        { name: '超期（项）', type: 'line', yAxisIndex: 1, data: bars.map((b) => b.overdue), itemStyle: { color: '#d48806' } },
      ],
    });
    const svg = chart.renderToSVGString();
    const png = new Resvg(svg, {
      fitTo: { mode: 'width', value: width },
      font: { loadSystemFonts: true, defaultFontFamily: 'WenQuanYi Micro Hei' },
    })
      .render()
      .asPng();
    return { png: new Uint8Array(png), svg, width, height };
  } finally {
    chart.dispose();
  }
}
