//! Work done for each page runs on every core (rayon): rendering, link scanning, writing.

use rayon::prelude::*;

use crate::error::BuildError;

/// `f` applied to every item, on every core, results in `items`' order. The error reported is
/// the first in that order, the one a build on one core would report.
pub fn par_map<'a, T: Sync, R: Send>(
    items: &'a [T],
    f: impl Fn(&'a T) -> Result<R, BuildError> + Sync + Send,
) -> Result<Vec<R>, BuildError> {
    let results: Vec<Result<R, BuildError>> = items.par_iter().map(f).collect();
    results.into_iter().collect()
}
