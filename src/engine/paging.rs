//! Pages of a listing: the page size and the marker of the next page.

use std::ops::Bound;

use crate::{Error, Result};

/// The page size: `limit` if given (1 to `max`), `default` otherwise.
pub(super) fn page_size(limit: Option<usize>, default: usize, max: usize) -> Result<usize> {
    match limit {
        None => Ok(default),
        Some(n) if (1..=max).contains(&n) => Ok(n),
        Some(n) => Err(Error::invalid_argument(
            "limit",
            format!("{n}; must be 1 to {max}"),
        )),
    }
}

/// One page of `items`, which start right after the previous page's marker:
/// the first `size`, and the marker of the next page (made from the last
/// item on this one) if any item remains.
pub(super) fn page<T>(
    items: impl Iterator<Item = T>,
    size: usize,
    marker_of: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    let mut items = items.peekable();
    let page: Vec<T> = items.by_ref().take(size).collect();
    let next = match items.peek() {
        Some(_) => page.last().map(marker_of),
        None => None,
    };
    (page, next)
}

/// Where a listing keyed by name resumes: after the previous page's marker
/// (the last name on it), or from the start.
pub(super) fn after(marker: Option<&str>) -> (Bound<&str>, Bound<&str>) {
    (
        marker.map_or(Bound::Unbounded, Bound::Excluded),
        Bound::Unbounded,
    )
}

/// A marker that does not come from the listing it is given to.
pub(super) fn bad_marker(listing: &str) -> Error {
    Error::InvalidMarker {
        listing: listing.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_end_without_a_marker() {
        assert_eq!(
            page(1..=5, 2, |n| n.to_string()),
            (vec![1, 2], Some("2".into()))
        );
        assert_eq!(page(1..=4, 4, |n| n.to_string()), (vec![1, 2, 3, 4], None));
        assert_eq!(page(0..0, 4, |n: &i32| n.to_string()), (vec![], None));
        assert_eq!(page_size(None, 50, 100).unwrap(), 50);
        assert!(page_size(Some(0), 50, 100).is_err());
        assert!(page_size(Some(101), 50, 100).is_err());
    }
}
