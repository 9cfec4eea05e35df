// On every page: `/` puts the cursor in the header's search field (unless the reader is already
// typing somewhere). Nothing else runs and nothing is loaded until a search is submitted.
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
    return;
  }
  const target = event.target;
  if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
    return;
  }
  const input = document.getElementById('search-input');
  if (input) {
    event.preventDefault();
    input.focus();
    input.select();
  }
});
