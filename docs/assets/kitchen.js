// Anything that scrolls sideways must be reachable by keyboard (WCAG 2.1.1): a table inside
// Material's wrapper (which also gets a label), a timeline or chart that keeps a legible size
// on a narrow screen, and a code block. With content.lazy, Material makes a code block
// focusable only once it comes into view; a keyboard user must reach it before that.
// Every size is read before anything is written, so the page is laid out once.
document$.subscribe(() => {
  const scrolls = [...document.querySelectorAll(".md-typeset__scrollwrap, .kitchen-figure, pre > code")]
    .filter((el) => !el.hasAttribute("tabindex") && el.scrollWidth > el.clientWidth);
  for (const el of scrolls) {
    el.tabIndex = 0;
    if (el.matches(".md-typeset__scrollwrap")) {
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", "Table (scrolls sideways)");
    }
  }
});

// A "Full script" tab keeps the whole file in a <template> (kitchen/fence.py: deferred) until
// its tab is chosen: the page then has half the elements to style and lay out at load. Linked
// tabs (content.tabs.link) switch every set on the page at once, so look at all of them.
function showChosenScripts() {
  for (const set of document.querySelectorAll(".tabbed-set")) {
    const inputs = set.querySelectorAll(":scope > input");
    const blocks = set.querySelectorAll(":scope > .tabbed-content > .tabbed-block");
    inputs.forEach((input, i) => {
      const template = input.checked && blocks[i] && blocks[i].querySelector("template.kitchen-deferred");
      if (template) {
        const note = blocks[i].querySelector(".kitchen-deferred-note");
        if (note) note.remove();
        template.replaceWith(template.content);
      }
    });
  }
}
document$.subscribe(showChosenScripts);
document.addEventListener("change", () => setTimeout(showChosenScripts));
document.addEventListener("click", () => setTimeout(showChosenScripts));
