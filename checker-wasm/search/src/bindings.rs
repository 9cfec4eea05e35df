//! The JavaScript face of the engine (`search.js` + `search_bg.wasm`, loaded by
//! `search/page.js` on `search.html` only). Strings and arrays of strings only: no serde, no
//! formatting machinery, so the wasm stays a few kilobytes.

use wasm_bindgen::prelude::*;

use crate::engine::Engine;

#[wasm_bindgen]
pub struct Search {
    engine: Engine,
}

#[wasm_bindgen]
impl Search {
    /// `new Search(manifestBytes)`: reads `index.bin`.
    #[wasm_bindgen(constructor)]
    pub fn new(manifest: &[u8]) -> Result<Search, JsError> {
        Engine::new(manifest)
            .map(|engine| Search { engine })
            .map_err(|error| JsError::new(error.message()))
    }

    /// Shard files (relative to the index folder) to fetch before `run(query)`.
    #[wasm_bindgen(js_name = filesFor)]
    pub fn files_for(&self, query: &str) -> Vec<String> {
        self.engine.files_for_query(query)
    }

    /// Adds a fetched shard file.
    #[wasm_bindgen(js_name = addFile)]
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) -> Result<(), JsError> {
        self.engine
            .add_file(name, bytes)
            .map_err(|error| JsError::new(error.message()))
    }

    /// Runs the query; returns the number of hits.
    pub fn run(&mut self, query: &str) -> Result<u32, JsError> {
        self.engine
            .search(query)
            .map(|count| count as u32)
            .map_err(|error| JsError::new(error.message()))
    }

    /// Text shards to fetch before showing hits `start..end`.
    #[wasm_bindgen(js_name = filesForHits)]
    pub fn files_for_hits(&self, start: u32, end: u32) -> Vec<String> {
        self.engine.files_for_hits(start as usize, end as usize)
    }

    /// Hits `start..end`, five strings each: href, label, text before, match, text after.
    pub fn hits(&self, start: u32, end: u32) -> Vec<String> {
        let mut out = Vec::new();
        for i in start..end {
            if let Some(view) = self.engine.hit(i as usize) {
                out.extend([view.href, view.label, view.before, view.matched, view.after]);
            }
        }
        out
    }
}

// The page is single-threaded; the lock only keeps this free of `unsafe`.
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());
