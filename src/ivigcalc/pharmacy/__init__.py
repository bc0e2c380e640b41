"""What is given: rounding, vials, volume, infusion schedule, the boxed-warning risk screen and the order
check. Pure."""
