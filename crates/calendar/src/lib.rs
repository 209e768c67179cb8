//! China's working-day calendar and deadlines.
