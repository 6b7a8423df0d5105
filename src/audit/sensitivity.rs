//! Rounding sensitivity (to come).
