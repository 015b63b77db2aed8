() => {
  const visible = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0) return false;
      if (e.getAttribute && (e.getAttribute('opacity') === '0' || e.getAttribute('fill-opacity') === '0')) return false;
      if (e.classList && e.classList.contains('js-plotly-plot')) break;
    }
    return true;
  };
  const out = [];
  document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot').forEach((plot, index) => {
    const svg = plot.querySelector('svg.main-svg');
    if (!svg || !plot.checkVisibility()) return;  // a chart drawn for another window width
    const fig = svg.getBoundingClientRect();
    const texts = [];
    plot.querySelectorAll('svg text').forEach((t) => {
      if (t.closest('.hoverlayer') || t.closest('.modebar')) return;
      const label = (t.textContent || '').trim();
      if (!label || !visible(t)) return;
      const r = t.getBoundingClientRect();
      if (r.width < 0.5 || r.height < 0.5) return;
      texts.push({label, cls: (t.getAttribute('class') || t.parentElement.getAttribute('class') || ''), x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
    });
    const overlaps = [], outside = [];
    const tol = 1;
    for (const t of texts) {
      if (t.x0 < fig.left - tol || t.y0 < fig.top - tol || t.x1 > fig.right + tol || t.y1 > fig.bottom + tol) outside.push(t.label);
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i], b = texts[j];
      const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0), h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (w > tol && h > tol) overlaps.push([a.label, b.label]);
    }
    const title = plot.closest('[data-testid="stElementContainer"]');
    out.push({index, width: fig.width, height: fig.height, count: texts.length, overlaps, outside});
  });
  return out;
}
