-- btree_gist lets exclusion constraints combine equality (a resource id) with range overlap.
CREATE EXTENSION IF NOT EXISTS btree_gist;
