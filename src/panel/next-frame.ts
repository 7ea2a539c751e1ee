/**
 * Runs `cb` on the next animation frame; in a hidden document (a panel popped out into a
 * background tab, DevTools behind another panel) no frame comes, so then from a timer instead.
 * The panel's DOM stays current even while nobody looks, and nothing waits for the tab to show.
 */
export function nextFrame(cb: () => void, hiddenDelayMs = 250): void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    cb();
  };
  if (document.hidden) {
    setTimeout(run, 0);
    return;
  }
  const id = requestAnimationFrame(run);
  // Hidden before the frame came: the frame may never come.
  const check = (): void => {
    if (done) return;
    if (document.hidden) {
      cancelAnimationFrame(id);
      run();
    } else setTimeout(check, hiddenDelayMs);
  };
  setTimeout(check, hiddenDelayMs);
}
