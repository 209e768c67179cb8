//! Identity documents: GA/T 467 SAM readers and ICAO 9303 chips over PC/SC.
