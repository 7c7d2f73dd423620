# Bump whenever the same input would get a different result; stored scores are tagged with it.
ENGINE_VERSION = "12"
