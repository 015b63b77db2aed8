() => {
  // Every radio, checkbox and button a reader can reach on screen, with the box a finger hits:
  // the label around a radio or a checkbox (Streamlit hides the input itself and the whole
  // label takes the tap), the element itself for a button.
  const seen = new Set(), out = [];
  const nodes = document.querySelectorAll(
    'input[type=radio], input[type=checkbox], button, [role=button], [role=radio],'
    + ' [role=checkbox], [role=switch], [role=tab], summary');
  for (const el of nodes) {
    const target = (el.matches('input') && el.closest('label')) || el;
    if (seen.has(target)) continue;
    seen.add(target);
    if (!target.checkVisibility({visibilityProperty: true})) continue;
    const r = target.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const kind = el.matches('input[type=radio], [role=radio]') ? 'radio'
      : el.matches('input[type=checkbox], [role=checkbox], [role=switch]') ? 'checkbox' : 'button';
    const text = (target.innerText || el.getAttribute('aria-label') || target.getAttribute(
      'aria-label') || target.title || '').trim().replace(/\s+/g, ' ').slice(0, 50);
    const key = [...(target.closest('[class*="st-key-"]') || {classList: []}).classList]
      .find((c) => c.startsWith('st-key-')) || '';
    out.push({kind, text, key, testid: (target.closest('[data-testid]') || {dataset: {}})
      .dataset.testid || '', width: r.width, height: r.height});
  }
  return out;
}
