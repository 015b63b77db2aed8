() => {
  // The live room's HTML results: each word of a word cloud inside its cloud (which hides
  // what overflows it) and over no other word; every line of a list (the audience's
  // questions) inside the window.
  const main = document.querySelector('[data-testid="stMain"]');
  const W = innerWidth, tol = 1, overlaps = [], outside = [];
  let count = 0;
  for (const cloud of main.querySelectorAll('.lien-cloud')) {
    const box = cloud.getBoundingClientRect();
    const words = [...cloud.querySelectorAll('span')].map((s) => {
      const r = s.getBoundingClientRect();
      return {label: s.textContent.trim(), x0: r.left, y0: r.top, x1: r.right, y1: r.bottom};
    });
    count += words.length;
    for (const w of words) {
      if (w.x0 < box.left - tol || w.y0 < box.top - tol || w.x1 > box.right + tol
          || w.y1 > box.bottom + tol) outside.push(w.label);
    }
    for (let i = 0; i < words.length; i++) for (let j = i + 1; j < words.length; j++) {
      const a = words[i], b = words[j];
      const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (w > tol && h > tol) overlaps.push([a.label, b.label]);
    }
  }
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const text = node.textContent.trim();
    if (!text || !node.parentElement.closest('li')) continue;
    if (!node.parentElement.checkVisibility()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 0 && (r.left < -tol || r.right > W + tol)) outside.push(text.slice(0, 40));
    }
  }
  return {count, overlaps, outside};
}
