//! Serde support for types whose wire form is a single string.
//!
//! Serialisation writes `as_str()`; deserialisation goes through `FromStr`, so a value read from
//! JSON passes exactly the same checks (and yields the same error message) as one parsed from a
//! query string or a CLI flag. Non-string JSON values (numbers, objects) are refused by serde
//! with the `expecting` text.

macro_rules! string_serde {
    ($ty:ty, $expecting:literal) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct StrVisitor;

                impl ::serde::de::Visitor<'_> for StrVisitor {
                    type Value = $ty;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<$ty, E> {
                        value.parse::<$ty>().map_err(E::custom)
                    }
                }

                deserializer.deserialize_str(StrVisitor)
            }
        }
    };
}

pub(crate) use string_serde;
