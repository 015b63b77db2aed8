() => {
  const out = [];
  const skip = (el) => el.closest('code, pre, script, style, [data-testid="stIconMaterial"],'
    + ' [data-testid="stMarkdownContainer"] p:has(span[id])');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || skip(parent) || !parent.checkVisibility()) continue;
    out.push(node.nodeValue);
  }
  for (const el of document.querySelectorAll('[aria-label],[title],[data-title],[placeholder],[alt]'))
    for (const a of ['aria-label', 'title', 'data-title', 'placeholder', 'alt'])
      if (el.getAttribute(a) && !skip(el)) out.push(el.getAttribute(a));
  return out.join('\n');
}
