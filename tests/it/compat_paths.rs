//! The paths of 0.1.0 (before the kernel regrouping and the library renames) still name the
//! same items. Every old path that has a hidden alias is used here: `same` compiles only if
//! both arguments are the same function (two fn items never share a type) and `same_type` only
//! if both are the same type, so an alias to the wrong item fails to build; a constant is
//! compared by value. One call per group then checks a result through the old path. The list
//! was generated from a diff of the rustdoc JSON of commit `edf2768` (0.1.0 paths) and `main`.
//! Items removed on purpose (`power`, `interval::sin`, `interval::sin_bits`, `QMatrix::kron`,
//! `QInterval::contains_interval`, `integer::triangular_poly`) have no alias.

use std::marker::PhantomData;

/// Compiles only if `a` and `b` have one type: for fn items, only if they are one function.
fn same<T>(_a: T, _b: T) {}

/// Compiles only if both are `PhantomData` of one type.
fn same_type<T: ?Sized>(_a: PhantomData<T>, _b: PhantomData<T>) {}

#[test]
fn every_old_path_names_the_item_it_named() {
    // ce
    same_type(
        PhantomData::<ncverify::ce::family::FamilyError>,
        PhantomData::<ncverify::ce::family::CeError>,
    );
    same_type(
        PhantomData::<ncverify::ce::loss::CeError>,
        PhantomData::<ncverify::ce::loss::CeLossError>,
    );
    // codes
    same_type(
        PhantomData::<ncverify::codes::distance::DistanceError>,
        PhantomData::<ncverify::codes::distance::HullError>,
    );
    assert_eq!(
        ncverify::codes::distance::MAX_EXACT,
        ncverify::codes::distance::MAX_HULL_POINTS
    );
    // kernel::bose_mesner
    same_type(
        PhantomData::<ncverify::kernel::bose_mesner::BoseMesnerCoefficients>,
        PhantomData::<ncverify::kernel::srg::bose_mesner::BoseMesnerCoefficients>,
    );
    same_type(
        PhantomData::<ncverify::kernel::bose_mesner::BoseMesnerError>,
        PhantomData::<ncverify::kernel::srg::bose_mesner::BoseMesnerError>,
    );
    same_type(
        PhantomData::<ncverify::kernel::bose_mesner::ClosureOperation>,
        PhantomData::<ncverify::kernel::srg::bose_mesner::ClosureOperation>,
    );
    same_type(
        PhantomData::<ncverify::kernel::bose_mesner::ClosureViolation>,
        PhantomData::<ncverify::kernel::srg::bose_mesner::ClosureViolation>,
    );
    same_type(
        PhantomData::<ncverify::kernel::bose_mesner::OffSpanWitness>,
        PhantomData::<ncverify::kernel::srg::bose_mesner::OffSpanWitness>,
    );
    same(
        ncverify::kernel::bose_mesner::bose_mesner_closure,
        ncverify::kernel::srg::bose_mesner::bose_mesner_closure,
    );
    same(
        ncverify::kernel::bose_mesner::bose_mesner_coefficients,
        ncverify::kernel::srg::bose_mesner::bose_mesner_coefficients,
    );
    same(
        ncverify::kernel::bose_mesner::bose_mesner_element,
        ncverify::kernel::srg::bose_mesner::bose_mesner_element,
    );
    same(
        ncverify::kernel::bose_mesner::check_bose_mesner_closure,
        ncverify::kernel::srg::bose_mesner::check_bose_mesner_closure,
    );
    same(
        ncverify::kernel::bose_mesner::closure_samples,
        ncverify::kernel::srg::bose_mesner::closure_samples,
    );
    same(
        ncverify::kernel::bose_mesner::srg_intersection_numbers,
        ncverify::kernel::srg::bose_mesner::srg_intersection_numbers,
    );
    same(
        ncverify::kernel::bose_mesner::srg_scheme,
        ncverify::kernel::srg::bose_mesner::srg_scheme,
    );
    // kernel::ce_critical
    same_type(
        PhantomData::<ncverify::kernel::ce_critical::CriticalError>,
        PhantomData::<ncverify::kernel::ce::critical::CriticalError>,
    );
    same_type(
        PhantomData::<ncverify::kernel::ce_critical::CriticalPoints>,
        PhantomData::<ncverify::kernel::ce::critical::CriticalPoints>,
    );
    same(
        ncverify::kernel::ce_critical::dnc_critical_points,
        ncverify::kernel::ce::critical::dnc_critical_points,
    );
    // kernel::ce_depth
    same_type(
        PhantomData::<ncverify::kernel::ce_depth::DepthError>,
        PhantomData::<ncverify::kernel::ce::depth::DepthError>,
    );
    same_type(
        PhantomData::<ncverify::kernel::ce_depth::LeastDepth>,
        PhantomData::<ncverify::kernel::ce::depth::LeastDepth>,
    );
    assert_eq!(
        ncverify::kernel::ce_depth::MAX_FACTORS,
        ncverify::kernel::ce::depth::MAX_FACTORS
    );
    same(
        ncverify::kernel::ce_depth::kgon_a_squared,
        ncverify::kernel::ce::depth::kgon_a_squared,
    );
    same(
        ncverify::kernel::ce_depth::kgon_least_depth,
        ncverify::kernel::ce::depth::kgon_least_depth,
    );
    same(
        ncverify::kernel::ce_depth::kgon_vs_nc,
        ncverify::kernel::ce::depth::kgon_vs_nc,
    );
    same(
        ncverify::kernel::ce_depth::paired_beats_nc,
        ncverify::kernel::ce::depth::paired_beats_nc,
    );
    same(
        ncverify::kernel::ce_depth::paired_least_depth,
        ncverify::kernel::ce::depth::paired_least_depth,
    );
    // kernel::ce_superior
    assert_eq!(
        ncverify::kernel::ce_superior::MAX_GRID_MATRICES,
        ncverify::kernel::ce::superior::MAX_GRID_MATRICES
    );
    assert_eq!(
        ncverify::kernel::ce_superior::MAX_WITNESS_CLASSES,
        ncverify::kernel::ce::superior::MAX_WITNESS_CLASSES
    );
    same_type(
        PhantomData::<ncverify::kernel::ce_superior::SuperiorError>,
        PhantomData::<ncverify::kernel::ce::superior::SuperiorError>,
    );
    same(
        ncverify::kernel::ce_superior::circle_gram_witness,
        ncverify::kernel::ce::superior::circle_gram_witness,
    );
    same(
        ncverify::kernel::ce_superior::circle_points,
        ncverify::kernel::ce::superior::circle_points,
    );
    same(
        ncverify::kernel::ce_superior::column_superior,
        ncverify::kernel::ce::superior::column_superior,
    );
    same(
        ncverify::kernel::ce_superior::diagonally_superior,
        ncverify::kernel::ce::superior::diagonally_superior,
    );
    same(
        ncverify::kernel::ce_superior::rank_one_grid,
        ncverify::kernel::ce::superior::rank_one_grid,
    );
    same(
        ncverify::kernel::ce_superior::two_class_witness,
        ncverify::kernel::ce::superior::two_class_witness,
    );
    // kernel::certificate
    same_type(
        PhantomData::<ncverify::kernel::certificate::CertBounds>,
        PhantomData::<ncverify::kernel::cert::point::CertBounds>,
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate::CertHints>,
        PhantomData::<ncverify::kernel::cert::point::CertHints>,
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate::CertParams>,
        PhantomData::<ncverify::kernel::cert::point::CertParams>,
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate::Certificate>,
        PhantomData::<ncverify::kernel::cert::point::Certificate>,
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate::CertificateError>,
        PhantomData::<ncverify::kernel::cert::point::CertificateError>,
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate::Verified>,
        PhantomData::<ncverify::kernel::cert::point::Verified>,
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate::Witness>,
        PhantomData::<ncverify::kernel::cert::point::Witness>,
    );
    same(
        ncverify::kernel::certificate::a_hint_rhs,
        ncverify::kernel::cert::point::a_hint_rhs,
    );
    same(
        ncverify::kernel::certificate::dnc_lower_poly,
        ncverify::kernel::cert::point::dnc_lower_poly,
    );
    assert_eq!(
        ncverify::kernel::certificate::limits::MAX_CLASSES,
        ncverify::kernel::cert::limits::MAX_CLASSES
    );
    assert_eq!(
        ncverify::kernel::certificate::limits::MAX_FILE_BYTES,
        ncverify::kernel::cert::limits::MAX_FILE_BYTES
    );
    assert_eq!(
        ncverify::kernel::certificate::limits::MAX_LAYERS,
        ncverify::kernel::cert::limits::MAX_LAYERS
    );
    assert_eq!(
        ncverify::kernel::certificate::limits::MAX_NUMBER_BITS,
        ncverify::kernel::cert::limits::MAX_NUMBER_BITS
    );
    assert_eq!(
        ncverify::kernel::certificate::limits::MAX_NUMBER_CHARS,
        ncverify::kernel::cert::limits::MAX_NUMBER_CHARS
    );
    assert_eq!(
        ncverify::kernel::certificate::limits::MAX_SAMPLES,
        ncverify::kernel::cert::limits::MAX_SAMPLES
    );
    assert_eq!(
        ncverify::kernel::certificate::limits::MAX_WIDTH,
        ncverify::kernel::cert::limits::MAX_WIDTH
    );
    assert_eq!(
        ncverify::kernel::certificate::limits::WORK,
        ncverify::kernel::cert::limits::WORK
    );
    // kernel::certificate_interval
    same_type(
        PhantomData::<ncverify::kernel::certificate_interval::AnyVerified>,
        PhantomData::<ncverify::kernel::cert::interval::AnyVerified>,
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate_interval::CertificateFile>,
        PhantomData::<ncverify::kernel::cert::interval::CertificateFile>,
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate_interval::End>,
        PhantomData::<ncverify::kernel::cert::interval::End>,
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate_interval::EndBounds>,
        PhantomData::<ncverify::kernel::cert::interval::EndBounds>,
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate_interval::IntervalCertificate>,
        PhantomData::<ncverify::kernel::cert::interval::IntervalCertificate>,
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate_interval::IntervalError>,
        PhantomData::<ncverify::kernel::cert::interval::IntervalCertificateError>,
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate_interval::IntervalParams>,
        PhantomData::<ncverify::kernel::cert::interval::IntervalParams>,
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate_interval::IntervalVerified>,
        PhantomData::<ncverify::kernel::cert::interval::IntervalVerified>,
    );
    assert_eq!(
        ncverify::kernel::certificate_interval::MAX_PIECES,
        ncverify::kernel::cert::interval::MAX_PIECES
    );
    same_type(
        PhantomData::<ncverify::kernel::certificate_interval::Piece>,
        PhantomData::<ncverify::kernel::cert::interval::Piece>,
    );
    // kernel::dnc_threshold
    same_type(
        PhantomData::<ncverify::kernel::dnc_threshold::DufmParams>,
        PhantomData::<ncverify::kernel::mse::threshold::DufmParams>,
    );
    assert_eq!(
        ncverify::kernel::dnc_threshold::MAX_A_POWER_BITS,
        ncverify::kernel::mse::threshold::MAX_A_POWER_BITS
    );
    assert_eq!(
        ncverify::kernel::dnc_threshold::MAX_LAYERS,
        ncverify::kernel::mse::threshold::MAX_LAYERS
    );
    same_type(
        PhantomData::<ncverify::kernel::dnc_threshold::ParamError>,
        PhantomData::<ncverify::kernel::mse::threshold::ParamError>,
    );
    same_type(
        PhantomData::<ncverify::kernel::dnc_threshold::ThresholdError>,
        PhantomData::<ncverify::kernel::mse::threshold::ThresholdError>,
    );
    same(
        ncverify::kernel::dnc_threshold::decide_scale_beats_zero,
        ncverify::kernel::mse::threshold::decide_scale_beats_zero,
    );
    same(
        ncverify::kernel::dnc_threshold::dnc_zero_threshold,
        ncverify::kernel::mse::threshold::dnc_zero_threshold,
    );
    same(
        ncverify::kernel::dnc_threshold::prove_zero_threshold_formula,
        ncverify::kernel::mse::threshold::prove_zero_threshold_formula,
    );
    same(
        ncverify::kernel::dnc_threshold::zero_threshold_rhs,
        ncverify::kernel::mse::threshold::zero_threshold_rhs,
    );
    // kernel::dufm
    same_type(
        PhantomData::<ncverify::kernel::dufm::DufmError>,
        PhantomData::<ncverify::kernel::mse::dufm::DufmError>,
    );
    same_type(
        PhantomData::<ncverify::kernel::dufm::WorkBudget>,
        PhantomData::<ncverify::kernel::mse::dufm::WorkBudget>,
    );
    same(
        ncverify::kernel::dufm::forward_exact,
        ncverify::kernel::mse::dufm::forward_exact,
    );
    same(
        ncverify::kernel::dufm::labels_exact,
        ncverify::kernel::mse::dufm::labels_exact,
    );
    same(
        ncverify::kernel::dufm::mse_loss_exact,
        ncverify::kernel::mse::dufm::mse_loss_exact,
    );
    same(
        ncverify::kernel::dufm::mse_loss_exact_within,
        ncverify::kernel::mse::dufm::mse_loss_exact_within,
    );
    // kernel::dyadic
    same_type(
        PhantomData::<ncverify::kernel::dyadic::Dyadic>,
        PhantomData::<ncverify::kernel::arith::dyadic::Dyadic>,
    );
    same_type(
        PhantomData::<ncverify::kernel::dyadic::DyadicInterval>,
        PhantomData::<ncverify::kernel::arith::dyadic::DyadicInterval>,
    );
    // kernel::etf
    same_type(
        PhantomData::<ncverify::kernel::etf::EtfError>,
        PhantomData::<ncverify::kernel::geom::etf::EtfError>,
    );
    same_type(
        PhantomData::<ncverify::kernel::etf::EtfViolation>,
        PhantomData::<ncverify::kernel::geom::etf::EtfViolation>,
    );
    same(
        ncverify::kernel::etf::check_etf_gram,
        ncverify::kernel::geom::etf::check_etf_gram,
    );
    same(
        ncverify::kernel::etf::etf_gram,
        ncverify::kernel::geom::etf::etf_gram,
    );
    same(
        ncverify::kernel::etf::prove_gram_and_margin,
        ncverify::kernel::geom::etf::prove_gram_and_margin,
    );
    // kernel::hull
    same_type(
        PhantomData::<ncverify::kernel::hull::HullCertificate>,
        PhantomData::<ncverify::kernel::geom::hull::HullCertificate>,
    );
    same_type(
        PhantomData::<ncverify::kernel::hull::HullError>,
        PhantomData::<ncverify::kernel::geom::hull::HullError>,
    );
    assert_eq!(
        ncverify::kernel::hull::MAX_HULL_POINTS,
        ncverify::kernel::geom::hull::MAX_HULL_POINTS
    );
    same(
        ncverify::kernel::hull::check_gram,
        ncverify::kernel::geom::hull::check_gram,
    );
    same(ncverify::kernel::hull::pp, ncverify::kernel::geom::hull::pp);
    same(
        ncverify::kernel::hull::verify_hull_certificate,
        ncverify::kernel::geom::hull::verify_hull_certificate,
    );
    // kernel::integer
    same_type(
        PhantomData::<ncverify::kernel::integer::IntegerPositivity>,
        PhantomData::<ncverify::kernel::arith::integer::IntegerPositivity>,
    );
    assert_eq!(
        ncverify::kernel::integer::SCAN_LIMIT,
        ncverify::kernel::arith::integer::SCAN_LIMIT
    );
    same(
        ncverify::kernel::integer::positive_on_integers_from,
        ncverify::kernel::arith::integer::positive_on_integers_from,
    );
    // kernel::interval
    same_type(
        PhantomData::<ncverify::kernel::interval::IntervalError>,
        PhantomData::<ncverify::kernel::arith::interval::IntervalError>,
    );
    assert_eq!(
        ncverify::kernel::interval::MAX_BITS,
        ncverify::kernel::arith::interval::MAX_BITS
    );
    assert_eq!(
        ncverify::kernel::interval::MAX_EXP_ARGUMENT,
        ncverify::kernel::arith::interval::MAX_EXP_ARGUMENT
    );
    same_type(
        PhantomData::<ncverify::kernel::interval::QInterval>,
        PhantomData::<ncverify::kernel::arith::interval::QInterval>,
    );
    same(
        ncverify::kernel::interval::cos,
        ncverify::kernel::arith::interval::cos,
    );
    same(
        ncverify::kernel::interval::cos_bits,
        ncverify::kernel::arith::interval::cos_bits,
    );
    same(
        ncverify::kernel::interval::exp,
        ncverify::kernel::arith::interval::exp,
    );
    same(
        ncverify::kernel::interval::exp_bits,
        ncverify::kernel::arith::interval::exp_bits,
    );
    same(
        ncverify::kernel::interval::exp_dyadic,
        ncverify::kernel::arith::interval::exp_dyadic,
    );
    same(
        ncverify::kernel::interval::from_dyadic,
        ncverify::kernel::arith::interval::from_dyadic,
    );
    same(
        ncverify::kernel::interval::ln,
        ncverify::kernel::arith::interval::ln,
    );
    same(
        ncverify::kernel::interval::ln2_bits,
        ncverify::kernel::arith::interval::ln2_bits,
    );
    same(
        ncverify::kernel::interval::ln_bits,
        ncverify::kernel::arith::interval::ln_bits,
    );
    same(
        ncverify::kernel::interval::ln_dyadic,
        ncverify::kernel::arith::interval::ln_dyadic,
    );
    same(
        ncverify::kernel::interval::pi,
        ncverify::kernel::arith::interval::pi,
    );
    same(
        ncverify::kernel::interval::pi_bits,
        ncverify::kernel::arith::interval::pi_bits,
    );
    same(
        ncverify::kernel::interval::pow_rational,
        ncverify::kernel::arith::interval::pow_rational,
    );
    same(
        ncverify::kernel::interval::pow_rational_bits,
        ncverify::kernel::arith::interval::pow_rational_bits,
    );
    same(
        ncverify::kernel::interval::round_down,
        ncverify::kernel::arith::interval::round_down,
    );
    same(
        ncverify::kernel::interval::round_up,
        ncverify::kernel::arith::interval::round_up,
    );
    // kernel::matrix
    same_type(
        PhantomData::<ncverify::kernel::matrix::QMatrix>,
        PhantomData::<ncverify::kernel::arith::matrix::QMatrix>,
    );
    same_type(
        PhantomData::<ncverify::kernel::matrix::ShapeError>,
        PhantomData::<ncverify::kernel::arith::matrix::ShapeError>,
    );
    // kernel::mse_compare
    same_type(
        PhantomData::<ncverify::kernel::mse_compare::CompareError>,
        PhantomData::<ncverify::kernel::mse::compare::CompareError>,
    );
    assert_eq!(
        ncverify::kernel::mse_compare::DEFAULT_BITS,
        ncverify::kernel::mse::compare::DEFAULT_BITS
    );
    same_type(
        PhantomData::<ncverify::kernel::mse_compare::LossEnclosure>,
        PhantomData::<ncverify::kernel::mse::compare::LossEnclosure>,
    );
    same_type(
        PhantomData::<ncverify::kernel::mse_compare::LossOrder>,
        PhantomData::<ncverify::kernel::mse::compare::LossOrder>,
    );
    assert_eq!(
        ncverify::kernel::mse_compare::MAX_BITS,
        ncverify::kernel::mse::compare::MAX_BITS
    );
    assert_eq!(
        ncverify::kernel::mse_compare::MAX_SEPARATION_BITS,
        ncverify::kernel::mse::compare::MAX_SEPARATION_BITS
    );
    same_type(
        PhantomData::<ncverify::kernel::mse_compare::SumOrder>,
        PhantomData::<ncverify::kernel::mse::compare::SumOrder>,
    );
    same(
        ncverify::kernel::mse_compare::compare_losses,
        ncverify::kernel::mse::compare::compare_losses,
    );
    same(
        ncverify::kernel::mse_compare::compare_radical_sums,
        ncverify::kernel::mse::compare::compare_radical_sums,
    );
    same(
        ncverify::kernel::mse_compare::cost_powers,
        ncverify::kernel::mse::compare::cost_powers,
    );
    same(
        ncverify::kernel::mse_compare::enclose_loss,
        ncverify::kernel::mse::compare::enclose_loss,
    );
    same(
        ncverify::kernel::mse_compare::zero_is_optimal,
        ncverify::kernel::mse::compare::zero_is_optimal,
    );
    // kernel::mse_family
    same_type(
        PhantomData::<ncverify::kernel::mse_family::Block>,
        PhantomData::<ncverify::kernel::mse::family::Block>,
    );
    same_type(
        PhantomData::<ncverify::kernel::mse_family::Factor>,
        PhantomData::<ncverify::kernel::mse::family::Factor>,
    );
    same_type(
        PhantomData::<ncverify::kernel::mse_family::FamilyError>,
        PhantomData::<ncverify::kernel::mse::family::FamilyError>,
    );
    assert_eq!(
        ncverify::kernel::mse_family::MAX_COST_BITS,
        ncverify::kernel::mse::family::MAX_COST_BITS
    );
    assert_eq!(
        ncverify::kernel::mse_family::MAX_FACTOR_ENTRIES,
        ncverify::kernel::mse::family::MAX_FACTOR_ENTRIES
    );
    same(
        ncverify::kernel::mse_family::binomial,
        ncverify::kernel::mse::family::binomial,
    );
    same(
        ncverify::kernel::mse_family::block_diagonal,
        ncverify::kernel::mse::family::block_diagonal,
    );
    same(
        ncverify::kernel::mse_family::explicit_cost_power,
        ncverify::kernel::mse::family::explicit_cost_power,
    );
    same(
        ncverify::kernel::mse_family::incidence_cost_poly,
        ncverify::kernel::mse::family::incidence_cost_poly,
    );
    same(
        ncverify::kernel::mse_family::t_subsets,
        ncverify::kernel::mse::family::t_subsets,
    );
    same(
        ncverify::kernel::mse_family::triangular_classes,
        ncverify::kernel::mse::family::triangular_classes,
    );
    same(
        ncverify::kernel::mse_family::verify_chain,
        ncverify::kernel::mse::family::verify_chain,
    );
    // kernel::mse_kneser
    assert_eq!(
        ncverify::kernel::mse_kneser::KNESER_CLASSES,
        ncverify::kernel::mse::kneser::KNESER_CLASSES
    );
    assert_eq!(
        ncverify::kernel::mse_kneser::KNESER_LAYERS,
        ncverify::kernel::mse::kneser::KNESER_LAYERS
    );
    same_type(
        PhantomData::<ncverify::kernel::mse_kneser::KneserError>,
        PhantomData::<ncverify::kernel::mse::kneser::KneserError>,
    );
    assert_eq!(
        ncverify::kernel::mse_kneser::MAX_BESIDE,
        ncverify::kernel::mse::kneser::MAX_BESIDE
    );
    assert_eq!(
        ncverify::kernel::mse_kneser::MAX_KNESER_SAMPLES,
        ncverify::kernel::mse::kneser::MAX_KNESER_SAMPLES
    );
    same(
        ncverify::kernel::mse_kneser::kneser_chain_factors,
        ncverify::kernel::mse::kneser::kneser_chain_factors,
    );
    same(
        ncverify::kernel::mse_kneser::verify_kneser_beside_dnc,
        ncverify::kernel::mse::kneser::verify_kneser_beside_dnc,
    );
    same(
        ncverify::kernel::mse_kneser::verify_kneser_chain,
        ncverify::kernel::mse::kneser::verify_kneser_chain,
    );
    // kernel::mse_order
    same_type(
        PhantomData::<ncverify::kernel::mse_order::BchainOrder>,
        PhantomData::<ncverify::kernel::mse::order::BchainOrder>,
    );
    same_type(
        PhantomData::<ncverify::kernel::mse_order::CostOrder>,
        PhantomData::<ncverify::kernel::mse::order::CostOrder>,
    );
    assert_eq!(
        ncverify::kernel::mse_order::TIE_SPAN,
        ncverify::kernel::mse::order::TIE_SPAN
    );
    same(
        ncverify::kernel::mse_order::bchain_gap_poly,
        ncverify::kernel::mse::order::bchain_gap_poly,
    );
    same(
        ncverify::kernel::mse_order::decide_bchain_vs_dnc,
        ncverify::kernel::mse::order::decide_bchain_vs_dnc,
    );
    same(
        ncverify::kernel::mse_order::decide_cost_lt,
        ncverify::kernel::mse::order::decide_cost_lt,
    );
    same(
        ncverify::kernel::mse_order::prove_bchain_cheaper_from,
        ncverify::kernel::mse::order::prove_bchain_cheaper_from,
    );
    same(
        ncverify::kernel::mse_order::prove_block_beats_dnc_from,
        ncverify::kernel::mse::order::prove_block_beats_dnc_from,
    );
    same(
        ncverify::kernel::mse_order::prove_blocks_cheaper_than_dnc,
        ncverify::kernel::mse::order::prove_blocks_cheaper_than_dnc,
    );
    // kernel::poly
    same_type(
        PhantomData::<ncverify::kernel::poly::Bound>,
        PhantomData::<ncverify::kernel::arith::poly::Bound>,
    );
    same_type(
        PhantomData::<ncverify::kernel::poly::PolyError>,
        PhantomData::<ncverify::kernel::arith::poly::PolyError>,
    );
    same_type(
        PhantomData::<ncverify::kernel::poly::Positivity>,
        PhantomData::<ncverify::kernel::arith::poly::Positivity>,
    );
    same_type(
        PhantomData::<ncverify::kernel::poly::QPoly>,
        PhantomData::<ncverify::kernel::arith::poly::QPoly>,
    );
    // kernel::quadratic
    same_type(
        PhantomData::<ncverify::kernel::quadratic::Quadratic>,
        PhantomData::<ncverify::kernel::arith::quadratic::Quadratic>,
    );
    same_type(
        PhantomData::<ncverify::kernel::quadratic::QuadraticError>,
        PhantomData::<ncverify::kernel::arith::quadratic::QuadraticError>,
    );
    same(
        ncverify::kernel::quadratic::squarefree_decomposition,
        ncverify::kernel::arith::quadratic::squarefree_decomposition,
    );
    // kernel::rational
    same_type(
        PhantomData::<ncverify::kernel::rational::ParseRationalError>,
        PhantomData::<ncverify::kernel::arith::rational::ParseRationalError>,
    );
    same_type(
        PhantomData::<ncverify::kernel::rational::Q>,
        PhantomData::<ncverify::kernel::arith::rational::Q>,
    );
    same_type(
        PhantomData::<ncverify::kernel::rational::Z>,
        PhantomData::<ncverify::kernel::arith::rational::Z>,
    );
    same(
        ncverify::kernel::rational::is_positive,
        ncverify::kernel::arith::rational::is_positive,
    );
    same(
        ncverify::kernel::rational::one,
        ncverify::kernel::arith::rational::one,
    );
    same(
        ncverify::kernel::rational::parse_rational,
        ncverify::kernel::arith::rational::parse_rational,
    );
    same(
        ncverify::kernel::rational::pow_u,
        ncverify::kernel::arith::rational::pow_u,
    );
    same(
        ncverify::kernel::rational::pow_u64,
        ncverify::kernel::arith::rational::pow_u64,
    );
    same(
        ncverify::kernel::rational::q,
        ncverify::kernel::arith::rational::q,
    );
    same(
        ncverify::kernel::rational::qi,
        ncverify::kernel::arith::rational::qi,
    );
    same(
        ncverify::kernel::rational::try_q,
        ncverify::kernel::arith::rational::try_q,
    );
    same(
        ncverify::kernel::rational::zero,
        ncverify::kernel::arith::rational::zero,
    );
    // kernel::scheme
    same_type(
        PhantomData::<ncverify::kernel::scheme::CellPartition>,
        PhantomData::<ncverify::kernel::srg::scheme::CellPartition>,
    );
    same_type(
        PhantomData::<ncverify::kernel::scheme::CoherentConfiguration>,
        PhantomData::<ncverify::kernel::srg::scheme::CoherentConfiguration>,
    );
    same_type(
        PhantomData::<ncverify::kernel::scheme::SchemeError>,
        PhantomData::<ncverify::kernel::srg::scheme::SchemeError>,
    );
    same_type(
        PhantomData::<ncverify::kernel::scheme::SpanError>,
        PhantomData::<ncverify::kernel::srg::scheme::SpanError>,
    );
    same_type(
        PhantomData::<ncverify::kernel::scheme::SpanWitness>,
        PhantomData::<ncverify::kernel::srg::scheme::SpanWitness>,
    );
    // kernel::srg_feasibility
    same_type(
        PhantomData::<ncverify::kernel::srg_feasibility::Feasibility>,
        PhantomData::<ncverify::kernel::srg::feasibility::Feasibility>,
    );
    same_type(
        PhantomData::<ncverify::kernel::srg_feasibility::FeasibilityCondition>,
        PhantomData::<ncverify::kernel::srg::feasibility::FeasibilityCondition>,
    );
    same(
        ncverify::kernel::srg_feasibility::feasibility,
        ncverify::kernel::srg::feasibility::feasibility,
    );
    // kernel::srg_spectrum
    same_type(
        PhantomData::<ncverify::kernel::srg_spectrum::Spectrum>,
        PhantomData::<ncverify::kernel::srg::spectrum::Spectrum>,
    );
    same_type(
        PhantomData::<ncverify::kernel::srg_spectrum::SpectrumMismatch>,
        PhantomData::<ncverify::kernel::srg::spectrum::SpectrumMismatch>,
    );
    same_type(
        PhantomData::<ncverify::kernel::srg_spectrum::TriangularError>,
        PhantomData::<ncverify::kernel::srg::spectrum::TriangularError>,
    );
    same(
        ncverify::kernel::srg_spectrum::check_spectrum_against,
        ncverify::kernel::srg::spectrum::check_spectrum_against,
    );
    same(
        ncverify::kernel::srg_spectrum::spectrum,
        ncverify::kernel::srg::spectrum::spectrum,
    );
    same(
        ncverify::kernel::srg_spectrum::triangular_spectrum,
        ncverify::kernel::srg::spectrum::triangular_spectrum,
    );
    // mse
    same_type(
        PhantomData::<ncverify::mse::compare::CompareError>,
        PhantomData::<ncverify::mse::compare::CompareConstructionsError>,
    );
    // search
    same(
        ncverify::search::hull::hull_distance_sq,
        ncverify::construct::hull::hull_distance_sq,
    );
    same(
        ncverify::search::hull::solve_exact,
        ncverify::construct::hull::solve_exact,
    );
    same_type(
        PhantomData::<ncverify::search::scheme::Scheme>,
        PhantomData::<ncverify::construct::scheme::Scheme>,
    );
    same_type(
        PhantomData::<ncverify::search::scheme::SchemeError>,
        PhantomData::<ncverify::construct::scheme::SchemeBasisError>,
    );
    same_type(
        PhantomData::<ncverify::search::scheme::SchemeModel>,
        PhantomData::<ncverify::construct::scheme::SchemeModel>,
    );
    // sweep
    same_type(
        PhantomData::<ncverify::sweep::RunSpec>,
        PhantomData::<ncverify::sweep::SweepRun>,
    );
    assert_eq!(
        ncverify::sweep::grid::MAX_ENTRIES,
        ncverify::train::run::MAX_ENTRIES
    );
    assert_eq!(
        ncverify::sweep::grid::MAX_STEPS,
        ncverify::train::run::MAX_STEPS
    );
    same_type(
        PhantomData::<ncverify::sweep::key::RunSpec>,
        PhantomData::<ncverify::sweep::key::SweepRun>,
    );
}

/// Moved into `plot` (feature `plot`, on by default; they were unconditional in 0.1.0).
#[cfg(feature = "plot")]
#[test]
fn old_plot_paths_name_the_plot_module() {
    same(
        ncverify::search::phase::kl_map_svg,
        ncverify::plot::phase::kl_map_svg,
    );
    same(
        ncverify::search::phase::klambda_map_svg,
        ncverify::plot::phase::klambda_map_svg,
    );
    same(
        ncverify::train::plot::svg_trajectories,
        ncverify::plot::train::svg_trajectories,
    );
    let svg = ncverify::train::plot::svg_trajectories("t", &[(10, vec![2.0, 1.0])]);
    assert!(svg.contains("<svg") && svg.contains("</svg>"), "{svg}");
}

#[cfg(feature = "cli")]
#[test]
fn old_cli_limits_are_the_one_training_limit() {
    assert_eq!(
        ncverify::cli::train::MAX_ENTRIES,
        ncverify::train::run::MAX_ENTRIES
    );
    assert_eq!(
        ncverify::cli::train::MAX_STEPS,
        ncverify::train::run::MAX_STEPS
    );
    assert_eq!(ncverify::cli::train::MAX_STEPS, 100_000_000);
}

fn committed(path: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("proofs/certificates");
    std::fs::read_to_string(dir.join(path)).unwrap()
}

/// The all-r tool and the exact arithmetic through their 0.1.0 paths.
#[test]
fn old_kernel_paths_compute() {
    use ncverify::kernel::mse_family::FamilyError;
    use ncverify::kernel::mse_order::{BchainOrder, CostOrder, decide_bchain_vs_dnc};
    use ncverify::kernel::rational::{Q, q, qi};
    let half: Q = q(1, 2);
    assert_eq!(&half + &half, qi(1));
    // the old path gives the new path's verdict: at depth L = 3 the B-chain is never cheaper
    // than DNC, and "cheaper from r = 4" fails at r = 4 (the kernel's documented example)
    let old = decide_bchain_vs_dnc(3, 3, CostOrder::ChainAboveDnc);
    let new = ncverify::kernel::mse::order::decide_bchain_vs_dnc(3, 3, CostOrder::ChainAboveDnc);
    assert_eq!(old, new);
    assert!(matches!(old, Ok(BchainOrder::Holds { .. })), "{old:?}");
    let below = decide_bchain_vs_dnc(3, 4, CostOrder::ChainBelowDnc);
    assert!(
        matches!(below, Ok(BchainOrder::FailsAt { r: 4, .. })),
        "{below:?}"
    );
    // a bad argument is refused with the old error type, naming the caller's argument
    let e: FamilyError = decide_bchain_vs_dnc(0, 4, CostOrder::ChainBelowDnc).unwrap_err();
    assert_eq!(e.parameter(), Some("layers"), "{e}");
}

/// A committed certificate verifies through `kernel::certificate`, a tampered copy is refused,
/// and the limits live at `kernel::certificate::limits`.
#[test]
fn old_certificate_paths_verify_and_refuse() {
    use ncverify::kernel::certificate::limits::MAX_FILE_BYTES;
    use ncverify::kernel::certificate::{Certificate, CertificateError};
    let text = committed("k10_l3_n1_lw1-250_lh1-250.toml");
    assert!(text.len() <= MAX_FILE_BYTES);
    let c = Certificate::from_toml(&text).unwrap();
    assert!(c.verify().is_ok());
    let mut tampered = c.clone();
    tampered.bounds.upper = format!("{}1", tampered.bounds.upper);
    let e: CertificateError = tampered.verify().unwrap_err();
    assert!(!e.to_string().is_empty());
}

/// An interval certificate through `kernel::certificate_interval`, whose error was called
/// `IntervalError` (not the arithmetic interval's `kernel::interval::IntervalError`).
#[test]
fn old_interval_certificate_paths_verify_and_refuse() {
    use ncverify::kernel::certificate_interval::{AnyVerified, CertificateFile, IntervalError};
    let text = committed("interval/k10_l3_n1_r1.toml");
    let file = CertificateFile::from_toml(&text).unwrap();
    assert!(matches!(file.verify(), Ok(AnyVerified::Interval(_))));
    let e: IntervalError = CertificateFile::from_toml("kind = 7").unwrap_err();
    same_type(
        PhantomData::<IntervalError>,
        PhantomData::<ncverify::kernel::cert::interval::IntervalCertificateError>,
    );
    assert!(!e.to_string().is_empty());
    // the arithmetic interval keeps its own `IntervalError` at the old path
    let bad: Result<_, ncverify::kernel::interval::IntervalError> =
        ncverify::kernel::interval::QInterval::new(
            ncverify::kernel::rational::qi(1),
            ncverify::kernel::rational::qi(0),
        );
    assert!(bad.is_err());
}

/// The library's renamed errors and moved items through their 0.1.0 paths.
#[test]
fn old_library_paths_compute_and_refuse() {
    use ncverify::ce::family::{CeUfm, FamilyError};
    use ncverify::ce::loss::{CeError, cross_entropy};
    use ncverify::codes::distance::{DistanceError, MAX_EXACT, distance_sq_exact};
    use ncverify::kernel::rational::q;
    use ncverify::mse::compare::{CompareError, compare_constructions};
    use ncverify::mse::{Block, Construction, MseParams};
    use ncverify::search::hull::hull_distance_sq;
    use ncverify::search::scheme::{Scheme, SchemeError};
    use ncverify::sweep::grid::{Grid, GridFile, MAX_STEPS};

    let e: FamilyError = CeUfm::new(1, 2, q(1, 10), 1).unwrap_err();
    assert_eq!(e, FamilyError::TooFewClasses(1));
    let e: CeError = cross_entropy(&nalgebra::DMatrix::zeros(2, 3), &[0]).unwrap_err();
    assert!(
        matches!(
            e,
            CeError::LabelCount {
                labels: 1,
                columns: 3
            }
        ),
        "{e}"
    );

    // the regular simplex on 3 points (Gram 2 on, -1 off the diagonal): each vertex is at
    // squared distance 9/2 (edge 6, height² = 6 · 3/4) from the opposite edge
    let gram =
        ncverify::kernel::QMatrix::from_fn(3, 3, |i, j| if i == j { q(2, 1) } else { q(-1, 1) });
    assert_eq!(distance_sq_exact(&gram, 0).unwrap(), q(9, 2));
    assert_eq!(hull_distance_sq(&gram, 2).unwrap().0, q(9, 2));
    let e: DistanceError = distance_sq_exact(&gram, 3).unwrap_err();
    assert_eq!(e, DistanceError::IndexOutOfRange(3));
    assert_eq!(MAX_EXACT, ncverify::kernel::geom::hull::MAX_HULL_POINTS);
    assert!(!e.to_string().is_empty());

    let p = MseParams::new(6, 1, q(1, 1000), q(1, 1000), 1).unwrap();
    let t4 = Construction::new(vec![Block::Triangular { r: 4 }]).unwrap();
    let dnc = Construction::new(vec![Block::Dnc { classes: 6 }]).unwrap();
    let e: CompareError = compare_constructions(&p, &dnc, &t4).unwrap_err();
    assert_eq!(e.parameter(), Some("second"), "{e}");

    assert_eq!(Scheme::triangular(4).points(), 6);
    let e: SchemeError = Scheme::try_triangular(1).unwrap_err();
    assert!(!e.to_string().is_empty());

    let grid = Grid::new(
        &GridFile::from_toml("classes = [3]\nlayers = [2]\nwidth = [6]\nsteps = [10]\nseeds = 2\n")
            .unwrap(),
    )
    .unwrap();
    // the output format (renamed `OutputFormat`) at both of its 0.1.0 paths
    same_type(
        PhantomData::<ncverify::sweep::Format>,
        PhantomData::<ncverify::sweep::writer::OutputFormat>,
    );
    same_type(
        PhantomData::<ncverify::sweep::writer::Format>,
        PhantomData::<ncverify::sweep::writer::OutputFormat>,
    );
    let csv = ncverify::sweep::writer::Format::from_path(std::path::Path::new("runs.csv"));
    assert_eq!(csv, ncverify::sweep::writer::Format::Csv);
    let runs: Vec<ncverify::sweep::RunSpec> = grid.runs().unwrap();
    let runs_key: Vec<ncverify::sweep::key::RunSpec> = runs.clone();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs_key[0].steps, 10);
    assert!(runs[0].steps <= MAX_STEPS);
}
