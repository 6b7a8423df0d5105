//! The QTI quiz as a package Canvas imports: a zip holding the QTI 1.2
//! assessment and an `imsmanifest.xml` (IMS Content Packaging 1.1) whose one
//! resource, of type `imsqti_xmlv1p2`, names the assessment file. Entries are
//! stored uncompressed with a fixed date (1980-01-01) and fixed Unix
//! permissions, so the same quiz gives the same bytes on every machine.

use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event as XmlEvent};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::markdown::RenderError;

/// The manifest's name, fixed by IMS Content Packaging.
pub const MANIFEST: &str = "imsmanifest.xml";

/// The IMS CP 1.1 manifest of one QTI 1.2 assessment file.
///
/// # Errors
/// A [`RenderError`] if the XML cannot be written (a bug in longhand).
pub fn manifest(identifier: &str, assessment: &str) -> Result<String, RenderError> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let write = |w: &mut Writer<Vec<u8>>| -> std::io::Result<()> {
        w.write_event(XmlEvent::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("manifest")
            .with_attribute(("identifier", identifier))
            .with_attribute(("xmlns", "http://www.imsglobal.org/xsd/imscp_v1p1"))
            .write_inner_content(|w| {
                w.create_element("metadata").write_inner_content(|w| {
                    w.create_element("schema")
                        .write_text_content(BytesText::new("IMS Content"))?;
                    w.create_element("schemaversion")
                        .write_text_content(BytesText::new("1.1.3"))?;
                    Ok(())
                })?;
                w.create_element("organizations").write_empty()?;
                w.create_element("resources").write_inner_content(|w| {
                    w.create_element("resource")
                        .with_attribute(("identifier", "assessment"))
                        .with_attribute(("type", "imsqti_xmlv1p2"))
                        .with_attribute(("href", assessment))
                        .write_inner_content(|w| {
                            w.create_element("file")
                                .with_attribute(("href", assessment))
                                .write_empty()?;
                            Ok(())
                        })?;
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(())
    };
    write(&mut writer).map_err(|e| RenderError(format!("cannot write the manifest: {e}")))?;
    let mut text = String::from_utf8(writer.into_inner())
        .map_err(|e| RenderError(format!("cannot write the manifest: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// The zip Canvas imports: the manifest, then the assessment `qti` (QTI 1.2
/// XML) as `assessment`.
///
/// # Errors
/// A [`RenderError`] if the archive cannot be written (a bug in longhand).
pub fn package(identifier: &str, assessment: &str, qti: &str) -> Result<Vec<u8>, RenderError> {
    let fail =
        |e: &dyn std::fmt::Display| RenderError(format!("cannot write the QTI package: {e}"));
    let manifest = manifest(identifier, assessment)?;
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::DEFAULT)
        .system(System::Unix)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in [(MANIFEST, manifest.as_str()), (assessment, qti)] {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}
