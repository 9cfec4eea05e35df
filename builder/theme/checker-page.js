// Bootstrap of the checker page: loads the WebAssembly checker, whose UI is Rust (web-sys, see
// checker-wasm/src/ui). Everything else the page does happens in there.
import init, { mountPage } from './checker.js';

const status = document.getElementById('checker-status');

function explain(text) {
  if (status) {
    status.textContent = text;
    status.hidden = false;
  }
}

if (typeof WebAssembly !== 'object') {
  explain('资格自测需要 WebAssembly，但当前浏览器不支持或已禁用它。指南正文仍可正常阅读；请换用较新的浏览器后再试。');
} else {
  init()
    .then(() => mountPage())
    .catch((error) => {
      console.error(error); // the browser's words ("Failed to fetch") are not for applicants
      explain('资格自测未能启动：检查程序未能下载或运行。请检查网络后刷新本页；指南正文仍可正常阅读。');
    });
}
