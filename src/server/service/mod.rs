//! Services, one per feature (server-only): who may (the policy in `rules::access`) → the rules
//! (`rules::*`) → `repo` inside one transaction → the live events. Server functions and download
//! handlers call these; `repo` below them knows no caller and writes no message.

pub mod attendance;
pub mod claims;
pub mod classes;
pub mod competency;
pub mod compliance;
pub mod district;
pub mod evaluation;
pub mod feedback;
pub mod joint;
pub mod links;
pub mod people;
pub mod plans;
pub mod podium;
pub mod premium;
pub mod red;
pub mod six_ones;
pub mod supervision;
