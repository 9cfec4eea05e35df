// The search page: reads ?q=, loads the search engine (Rust compiled to WebAssembly:
// search.js + search_bg.wasm, next to this file) and only the index files the query needs, and
// lists the hits. Results are built with createElement and text only: nothing typed, and
// nothing from the index, ever becomes HTML.
import init, { Search } from './search.js';

const PAGE_SIZE = 20;
const input = document.getElementById('search-input');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const more = document.getElementById('search-more');
const none = document.getElementById('search-none');
const query = new URLSearchParams(location.search).get('q') || '';

function say(text) {
  status.textContent = text;
}

async function bytes(name, options) {
  const response = await fetch(new URL(name, import.meta.url), options);
  if (!response.ok) {
    throw new Error(name + ': HTTP ' + response.status);
  }
  return new Uint8Array(await response.arrayBuffer());
}

async function add(search, names) {
  const files = await Promise.all(names.map(async (name) => [name, await bytes(name)]));
  for (const [name, data] of files) {
    search.addFile(name, data);
  }
}

function hitItem(href, label, before, match, after) {
  const item = document.createElement('li');
  const link = document.createElement('a');
  link.href = href;
  const title = document.createElement('span');
  title.className = 'search-label';
  title.textContent = label;
  const snippet = document.createElement('span');
  snippet.className = 'search-snippet';
  const mark = document.createElement('mark');
  mark.textContent = match;
  snippet.append(before, mark, after);
  link.append(title, snippet);
  item.append(link);
  return item;
}

// Shows the next PAGE_SIZE hits, fetching the text shards they are in first.
async function showMore(search, count) {
  const start = list.children.length;
  const end = Math.min(count, start + PAGE_SIZE);
  await add(search, search.filesForHits(start, end));
  const flat = search.hits(start, end);
  for (let i = 0; i + 4 < flat.length; i += 5) {
    list.append(hitItem(flat[i], flat[i + 1], flat[i + 2], flat[i + 3], flat[i + 4]));
  }
  more.hidden = list.children.length >= count;
  return list.children[start];
}

async function run() {
  input.value = query;
  const shown = query.trim();
  if (!shown) {
    say('在上方输入要找的字词，按回车搜索，例如：学信网、社保缴费证明。多个词用空格隔开。');
    input.focus();
    return;
  }
  document.title = shown + ' — ' + document.title;
  if (typeof WebAssembly !== 'object') {
    say('搜索需要 WebAssembly，但当前浏览器不支持或已禁用它。请从下面的目录查找。');
    return;
  }
  say('正在搜索…');
  // The manifest is revalidated on every search; the shards it names carry the build's hash.
  const [, manifest] = await Promise.all([init(), bytes('index.bin', { cache: 'no-cache' })]);
  const search = new Search(manifest);
  await add(search, search.filesFor(query));
  const count = search.run(query);
  if (count === 0) {
    list.dataset.count = '0';
    say('没有找到「' + shown + '」。');
    none.hidden = false;
    return;
  }
  list.hidden = false;
  await showMore(search, count);
  list.dataset.count = String(count);
  say('「' + shown + '」共找到 ' + count + ' 处。');
  more.addEventListener('click', () => {
    more.disabled = true;
    showMore(search, count)
      .then((first) => first && first.querySelector('a').focus())
      .catch(fail)
      .finally(() => {
        more.disabled = false;
      });
  });
}

function fail(error) {
  say('搜索未能运行（' + (error && error.message ? error.message : error) + '）。请从下面的目录查找。');
}

// Arrow keys move between the field and the results; Enter follows the focused one.
document.addEventListener('keydown', (event) => {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') {
    return;
  }
  const links = Array.from(list.querySelectorAll('a'));
  const active = document.activeElement;
  const at = links.indexOf(active);
  let next = null;
  if (active === input) {
    next = event.key === 'ArrowDown' ? links[0] : null;
  } else if (at >= 0) {
    if (event.key === 'ArrowUp') {
      next = at === 0 ? input : links[at - 1];
    } else {
      next = links[at + 1] || (more.hidden ? null : more);
    }
  } else if (active === more && event.key === 'ArrowUp') {
    next = links[links.length - 1];
  }
  if (next) {
    event.preventDefault();
    next.focus();
  }
});

run().catch(fail);
