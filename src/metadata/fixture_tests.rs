//! Tests that read the committed fixtures in fixtures/images/.
