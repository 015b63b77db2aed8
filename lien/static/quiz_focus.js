(() => {
  let tries = 0;
  const go = () => {
    const el = document.querySelector(__LIEN_FOCUS__);
    // Wait for the whole question (its answers too), so Tab from here reaches them.
    const ready = document.querySelector(__LIEN_READY__);
    if (!el || !ready) { if (tries++ < 100) setTimeout(go, 50); return; }
    if (!el.matches("button, input, a")) el.setAttribute("tabindex", "-1");
    el.focus();
  };
  go();
})();

