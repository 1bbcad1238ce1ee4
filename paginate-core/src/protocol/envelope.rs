//! What a walk knows of its envelope type: the [`Spec`] the derive declares, and the type's name, which
//! checkpoints record.

use crate::protocol::spec::Spec;

/// An envelope type: its spec and its name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Envelope {
    pub(crate) spec: &'static Spec,
    /// `std::any::type_name` of the type.
    type_name: &'static str,
}

impl Envelope {
    /// The envelope type `P` with `spec`.
    pub(crate) fn of<P>(spec: &'static Spec) -> Self {
        Envelope {
            spec,
            type_name: std::any::type_name::<P>(),
        }
    }

    /// An envelope described at run time, named `name`.
    #[cfg(feature = "reqwest")]
    pub(crate) fn named(spec: &'static Spec, name: &'static str) -> Self {
        Envelope {
            spec,
            type_name: name,
        }
    }

    /// The type's name without module paths (`OffsetPage<Number>`): moving a type between modules
    /// does not invalidate checkpoints.
    pub(crate) fn name(&self) -> String {
        let full = self.type_name;
        let mut name = String::with_capacity(full.len());
        let mut segment_start = 0;
        for (index, c) in full.char_indices() {
            if c == ':' {
                segment_start = index + 1;
                continue;
            }
            if matches!(c, '<' | '>' | ',' | ' ' | '(' | ')' | '[' | ']' | '&' | ';') {
                name.push_str(&full[segment_start..index]);
                name.push(c);
                segment_start = index + 1;
            }
        }
        name.push_str(&full[segment_start..]);
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::spec::Strategy;

    mod deep {
        pub struct Page<T>(#[allow(dead_code)] T);
        pub struct Item;
    }

    #[test]
    fn envelope_names_drop_module_paths() {
        const SPEC: Spec = Spec::new(Strategy::Cursor);
        assert_eq!(Envelope::of::<deep::Page<deep::Item>>(&SPEC).name(), "Page<Item>");
        assert_eq!(
            Envelope::of::<deep::Page<(u8, &str)>>(&SPEC).name(),
            "Page<(u8, &str)>"
        );
    }
}
