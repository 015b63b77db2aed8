(function () {
  if (window.__lienPresent) return;
  window.__lienPresent = true;
  const root = document.documentElement;
  let timer = null;
  const active = () => document.querySelector('.st-key-present_stage');
  document.addEventListener('mousemove', () => {
    if (!active()) return;
    root.dataset.lienControls = 'on';
    clearTimeout(timer);
    timer = setTimeout(() => { delete root.dataset.lienControls; }, 2500);
  }, {passive: true});
  // Every key of present mode, each with the button it presses (lien.keymap.script_keys, as
  // JSON): pressed before the buttons are drawn (a slide arriving, a rerun redrawing them),
  // the press waits for them (up to 3 s) instead of being lost; one click per press.
  const keys = __LIEN_KEYS__;
  let pending = null;
  const press = () => {
    if (!pending) return;
    const button = document.querySelector('.st-key-' + pending.button + ' button');
    if (button) {
      pending = null;
      if (!button.disabled) button.click();
    } else if (Date.now() - pending.since > 3000) {
      pending = null;
    } else {
      setTimeout(press, 50);
    }
  };
  const handle = (event) => {
    let target = keys[event.key];
    // Escape with the overview open closes the overview first (then leaves, as Q does).
    if (event.key === 'Escape' && document.querySelector('.st-key-present_overview'))
      target = 'present_overview_button';
    if (!target || !active() || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest('input, textarea, select')) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.type !== 'keydown' || event.repeat) return;
    const waiting = pending !== null;
    pending = {button: target, since: Date.now()};
    if (!waiting) press();
  };
  document.addEventListener('keydown', handle, true);
  document.addEventListener('keyup', handle, true);
})();
