//! Sizes on the page that the PDF, the Word file and the photo preparation
//! must agree on, so that each is written once.

/// Print resolution the photos are prepared for.
pub const PRINT_DPI: u32 = 300;

/// Pixels for the full text width (16 cm) at [`PRINT_DPI`], rounded up
/// to 1900: the width a photo is prepared for at `breedte = 100%`.
pub const FULL_WIDTH_PX: u32 = 1900;

/// The tallest a picture is shown, in millimetres: a standing photo and its
/// caption fit on an A4 page. The Typst template says the same in
/// `max-figure-height` (typst-templates/inhoud.typ); a test holds them equal.
pub const MAX_FIGURE_HEIGHT_MM: u32 = 200;

/// [`MAX_FIGURE_HEIGHT_MM`] in pixels at [`PRINT_DPI`] (2362): no photo is
/// prepared taller, as none is shown taller.
pub const MAX_FIGURE_HEIGHT_PX: u32 = MAX_FIGURE_HEIGHT_MM * PRINT_DPI * 10 / 254;

/// [`MAX_FIGURE_HEIGHT_MM`] in the Word file's unit (EMU, 36,000 per mm).
pub const MAX_FIGURE_HEIGHT_EMU: u64 = MAX_FIGURE_HEIGHT_MM as u64 * 36_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::typst::base::TEMPLATES;

    #[test]
    fn the_template_shows_pictures_as_tall_as_the_photos_are_prepared_for() {
        let inhoud = TEMPLATES
            .iter()
            .find(|(path, _)| path.ends_with("/inhoud.typ"))
            .map(|(_, text)| *text)
            .expect("inhoud.typ is embedded");
        let line = inhoud
            .lines()
            .find(|l| l.starts_with("#let max-figure-height = "))
            .expect("inhoud.typ defines max-figure-height");
        assert_eq!(
            line,
            format!("#let max-figure-height = {}mm", MAX_FIGURE_HEIGHT_MM)
        );
    }

    #[test]
    fn the_height_in_pixels_and_in_emu_is_twenty_centimetres() {
        assert_eq!(MAX_FIGURE_HEIGHT_PX, 2362);
        assert_eq!(MAX_FIGURE_HEIGHT_EMU, 7_200_000);
    }
}
