/** A Vega-Lite v6 specification: plain JSON for `vegaEmbed`, Jupyter or the Vega editor. */
export interface VegaLiteSpec {
  readonly $schema: string;
  readonly title?: { readonly text: string; readonly subtitle?: string };
  readonly [key: string]: unknown;
}

/** @internal The frame every spec shares: schema, title, width. */
export function vegaLiteFrame(title: string, subtitle: string, body: Record<string, unknown>): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: subtitle ? { text: title, subtitle } : { text: title },
    config: { font: 'Helvetica, Arial, sans-serif' },
    ...body,
  };
}
