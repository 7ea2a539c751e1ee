import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ChannelView } from '../core/classify/types';
import type { MessageStore } from '../core/store/message-store';
import { formatDuration } from '../core/format/numbers';
import { formatClock } from './timeline/axis';
import { TimelineController } from './timeline/controller';
import { contentHeight, viewportHeight } from './timeline/layout';
import type { UpdateView, ViewState } from './view-state';

interface Props {
  readonly store: MessageStore;
  /** Lanes, top to bottom (already filtered by the channel list's selection and pattern filter). */
  readonly lanes: readonly ChannelView[];
  readonly view: ViewState;
  readonly update: UpdateView;
}

/**
 * One canvas timeline for every transport: a lane per channel, bars for request and connection
 * lifetimes, ticks for messages (sent above, received below), binned per pixel column. Wheel
 * zooms, drag pans, Shift+drag (or "Select range") brushes the range the message list shows.
 * The drawing and the input handling live in ./timeline (controller.ts, draw.ts).
 */
export function Timeline({ store, lanes, view, update }: Props) {
  const ctrl = useMemo(() => new TimelineController(), []);
  const [brushMode, setBrushMode] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const tooltip = useRef<HTMLDivElement>(null);
  const summary = useRef<HTMLParagraphElement>(null);

  useLayoutEffect(() => {
    ctrl.brushMode = brushMode;
    ctrl.setProps({ store, lanes, view, update });
  });
  useEffect(() => {
    ctrl.attach({ scroller: scroller.current!, canvas: canvas.current!, tooltip: tooltip.current!, summary: summary.current! });
    return () => ctrl.detach();
  }, [ctrl]);

  const height = viewportHeight(lanes.length);
  const range = view.range;
  return (
    <section
      class="timeline"
      data-testid="timeline"
      aria-label="Timeline"
      data-range={range ? `${range[0]},${range[1]}` : ''}
      data-follow={String(view.follow)}
    >
      <div class="timeline-bar" role="toolbar" aria-label="Timeline controls">
        <button
          type="button"
          data-testid="timeline-follow"
          aria-pressed={view.follow}
          title="Keep the newest traffic in view (F)"
          onClick={() => ctrl.setFollow(!view.follow)}
        >
          Follow live
        </button>
        <button type="button" data-testid="timeline-fit" title="Show everything (0)" onClick={() => ctrl.fitAll()}>
          Fit
        </button>
        <button type="button" data-testid="timeline-zoom-in" aria-label="Zoom in" title="Zoom in (+)" onClick={() => ctrl.zoom(1 / 1.5)}>
          +
        </button>
        <button type="button" data-testid="timeline-zoom-out" aria-label="Zoom out" title="Zoom out (−)" onClick={() => ctrl.zoom(1.5)}>
          −
        </button>
        <button
          type="button"
          data-testid="timeline-brush"
          aria-pressed={brushMode}
          title="Drag on the timeline to select a time range (or Shift+drag)"
          onClick={() => setBrushMode((b) => !b)}
        >
          Select range
        </button>
        {range && (
          <span class="timeline-range" data-testid="timeline-range">
            {formatClock(range[0], true)} – {formatClock(range[1], true)} ({formatDuration(range[1] - range[0])}){' '}
            <button type="button" data-testid="timeline-clear-range" onClick={() => update({ range: null })}>
              Clear range
            </button>
          </span>
        )}
        <span class="timeline-hint">wheel zoom · drag pan · Shift+drag select · ↑ sent ↓ received</span>
      </div>
      <div class="timeline-scroll" ref={scroller} style={{ height: `${height}px` }}>
        <canvas
          ref={canvas}
          class="timeline-canvas"
          data-testid="timeline-canvas"
          tabIndex={0}
          role="application"
          aria-roledescription="timeline"
          aria-label="Timeline of requests and messages per channel. Plus and minus zoom, arrows pan, 0 fits everything, F follows live, Shift and drag selects a range."
          aria-describedby="timeline-summary"
          style={{ height: `${height}px` }}
        />
        <div class="timeline-spacer" aria-hidden="true" style={{ height: `${contentHeight(lanes.length) - height}px` }} />
      </div>
      <div class="timeline-tooltip" ref={tooltip} role="tooltip" data-testid="timeline-tooltip" />
      <p class="sr-only" id="timeline-summary" ref={summary} data-testid="timeline-summary" />
    </section>
  );
}
