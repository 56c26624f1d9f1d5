//! Builds the small policy PDFs linked from the Hollybrook demo content.
//!
//! Why hand-built: the demo site needs real, valid PDFs with a text layer so
//! that document-text extraction and the statutory audit have something true
//! to read, and a PDF-writing crate is not worth adding for a fixture. Each
//! file is PDF 1.4, A4, Helvetica (WinAnsi), one uncompressed content stream
//! per page and an exact cross-reference table.
//!
//! Run with `cargo run --example make_demo_pdfs`; the PDFs are committed.

use std::fs;
use std::path::Path;

/// One document: where it goes (relative to the crate root) and its text.
/// Paragraphs are separated by blank lines; a line starting with "## " is a
/// sub-heading.
struct Doc {
    path: &'static str,
    title: &'static str,
    body: &'static str,
}

const AUTHOR: &str = "Hollybrook Primary School";
const CREATED: &str = "D:20260915093000Z";

const DOCS: &[Doc] = &[
    // Not the demo's: the newsletter of the `schoolgate find` fixture site
    // (tests/find.rs), which names one pupil in its text.
    Doc {
        path: "fixtures/sites/find/content/news/2026-11-02-november-newsletter/newsletter-november-2026.pdf",
        title: "Elm Tree News - November 2026",
        body: r#"Welcome to our November newsletter.

## Stars of the week
Our star of the week is Ruby Thornton in Year 5, for her brilliant science fair volcano. Well done!

## Harvest
Thank you for the harvest gifts: the baker's van took 140 items to the Brookfield food bank.

## Dates for your diary
Christmas Fair: Saturday 5 December. Last day of term: Friday 18 December."#,
    },
    Doc {
        path: "content/policies/behaviour/behaviour-policy-2026-27.pdf",
        title: "Relationships and Behaviour Policy 2026-27",
        body: r#"Hollybrook Primary School. Approved by the full governing body on 22 September 2026. Next review: September 2027.

## Our aims
At Hollybrook we want every child to feel safe, valued and ready to learn. Good behaviour is taught, modelled and noticed. Our three school rules are: Be Ready, Be Respectful, Be Safe.

## Recognition and rewards
Adults notice and praise children who follow the rules and go above and beyond. Rewards include verbal praise, house points, a weekly Star of the Week certificate, a positive note or phone call home, and Headteacher's award stickers. Each class works towards a class reward chosen by the children.

## When things go wrong
We use a calm, consistent, stepped approach: a reminder, a warning, time to reflect in class, time to reflect with another adult, and a conversation with parents or carers. Restorative conversations help children repair relationships. Serious incidents are recorded and may lead to a suspension in line with the DfE guidance on suspension and permanent exclusion (August 2024).

## Bullying
Bullying is behaviour by an individual or group, repeated over time, that intentionally hurts another person physically or emotionally. We do not tolerate bullying of any kind, including prejudice-based bullying and online bullying. Every report is investigated by a senior leader and parents are kept informed. Our anti-bullying work is taught through PSHE and our Anti-Bullying Week each November.

## Mobile phones
Pupils may not use mobile phones during the school day. Year 5 and 6 pupils who walk home alone may hand a phone in to the class teacher at the start of the day; it is returned at home time. See our separate mobile phone policy.

## Support for pupils with SEND
We make reasonable adjustments for pupils whose special educational needs or disabilities affect their behaviour, working with families and the SENCO.

## Searching, screening and confiscation
The headteacher and staff authorised by her may search a pupil for prohibited items in line with DfE guidance. Confiscated items are returned to parents.

Paper copies of this policy are available free of charge from the school office."#,
    },
    Doc {
        path: "content/policies/complaints/complaints-procedure-2026.pdf",
        title: "Complaints Procedure",
        body: r#"Hollybrook Primary School. Adopted by the governing body on 3 February 2026, based on the DfE best practice guidance for school complaints procedures. Next review: February 2028.

## Who can make a complaint
Any person, including members of the public, may make a complaint about any provision of facilities or services that the school provides, unless separate statutory procedures apply (for example admissions appeals, exclusions, or statutory assessments of SEND).

## Stage 1: informal resolution
Most concerns can be resolved quickly by speaking to the class teacher or the school office. Please raise concerns within three months of the incident. We aim to respond within 10 school days.

## Stage 2: formal complaint to the headteacher
If you are not satisfied, write to the headteacher, Mrs Rachel Whitmore, using the complaint form or by letter or email to the school office. The headteacher will acknowledge your complaint within 5 school days and respond in writing within 15 school days.

## Stage 3: panel of governors
If you remain dissatisfied you may ask the clerk to the governing body, Mrs Susan Crowther, to convene a complaints panel. Write to the clerk, care of the school, within 10 school days of the Stage 2 response. The panel of three governors will meet within 20 school days and send its decision within 5 school days of the meeting.

## Complaints about the headteacher or governors
Complaints about the headteacher go straight to the chair of governors, Mr Graham Ellis, care of the school office. Complaints about the chair go to the vice-chair or the clerk.

## Next steps
If you believe the school did not follow this procedure, you can contact the Department for Education through the School Complaints Unit.

Paper copies of this procedure are available free of charge from the school office."#,
    },
    Doc {
        path: "content/policies/charging-and-remissions/charging-and-remissions-policy-2026.pdf",
        title: "Charging and Remissions Policy",
        body: r#"Hollybrook Primary School. Approved by the Resources Committee on 10 March 2026. Next review: March 2027.

## Education during school hours is free
We do not charge for education provided during school hours, including the materials, equipment and transport needed for the national curriculum and religious education.

## Voluntary contributions
We may ask for voluntary contributions towards educational visits and visitors. No child will be left out because their parents cannot or do not contribute. If there are not enough contributions the trip may be cancelled, and parents will be told in advance.

## Activities we charge for
We charge for: optional extra activities outside school hours (clubs run by external coaches); the board and lodging element of the Year 6 residential at Ghyll Head; individual or small-group instrumental lessons requested by parents (unless part of the curriculum); the cost of replacing items that are broken or lost through deliberate damage.

## Remissions
Families who receive benefits that qualify their child for free school meals will not be charged for board and lodging on residential visits that take place in school time. Instrumental lessons are free for pupils who are looked after by the local authority. The headteacher may reduce or waive any charge in cases of hardship; please speak to Mrs Denise Palmer, School Business Manager, in confidence.

## Swimming
Swimming lessons in Year 4 and Year 5 are part of the curriculum and are free, including transport.

Paper copies of this policy are available free of charge from the school office."#,
    },
    Doc {
        path: "content/policies/safeguarding/child-protection-policy-2026-27.pdf",
        title: "Child Protection and Safeguarding Policy 2026-27",
        body: r#"Hollybrook Primary School. Approved by the full governing body on 22 September 2026. Next review: September 2027.

This policy follows Keeping Children Safe in Education 2026 (KCSIE 2026), which came into force on 1 September 2026, Working Together to Safeguard Children 2023, and the procedures of the Westmere Safeguarding Children Partnership.

## Key people
Designated Safeguarding Lead (DSL): Mr Daniel Okafor, Deputy Headteacher.
Deputy DSLs: Mrs Rachel Whitmore, Headteacher, and Mrs Priya Shah, SENCO.
Nominated safeguarding governor: Dr Anita Rao.
Local Authority Designated Officer (LADO): via Westmere Children's Services.

## Our commitment
Safeguarding is everyone's responsibility. All staff, volunteers and governors read Part 1 of KCSIE 2026 and receive safeguarding training at induction and every year. Any adult with a concern about a child must tell the DSL straight away and record it on our secure system.

## Recognising abuse
Staff are trained to recognise physical, emotional and sexual abuse, neglect, child-on-child abuse, online harm, child criminal and sexual exploitation, radicalisation, female genital mutilation and domestic abuse.

## Online safety and filtering
Our filtering and monitoring systems meet the DfE standards. The DSL takes lead responsibility for online safety, and governors review the systems each year.

## Safer recruitment
All staff are checked against the single central record requirements. At least one member of every appointment panel is trained in safer recruitment.

## Allegations against staff
Concerns about an adult in school go to the headteacher, or to the chair of governors if they concern the headteacher, and are referred to the LADO.

## Photographs of pupils
We publish photographs only with written parental consent, recorded on our consent register and reviewed each year. We never publish a pupil's full name alongside a photograph.

## Early help
We offer early help to any family who needs it, before problems get worse. This may include support from our ELSA, a referral to the school nurse or a Westmere Early Help assessment, always agreed with the family.

## Children who are absent or missing education
Unexplained absence can be a sign that a child is at risk. We follow up every unexplained absence on the first day, keep at least two emergency contacts for every pupil, and tell the local authority when a child leaves without a known destination.

## Children with SEND and other vulnerable groups
Children with special educational needs and disabilities, looked-after and previously looked-after children, young carers and children with a social worker can face extra barriers to being heard. The DSL and SENCO work together so that these children get the support they need.

## Child-on-child abuse
We never dismiss harmful behaviour between children as banter or part of growing up. All reports are taken seriously, recorded and acted on, with support for every child involved.

## Record keeping
All concerns, discussions and decisions are recorded in writing, securely stored and shared only with those who need to know. Records transfer securely to a child's new school.

## Training
The DSL and deputies complete formal training every two years and update their knowledge at least every year. All staff receive regular updates, at least annually, and governors complete safeguarding training suitable to their role.

## Monitoring and review
The governing body reviews this policy every year. The safeguarding governor meets the DSL each term and reports to the full governing body.

If you are worried about a child, please speak to Mr Okafor or any member of staff. If a child is in immediate danger, call 999.

Paper copies of this policy are available free of charge from the school office."#,
    },
    Doc {
        path: "content/policies/rse/relationships-and-health-education-policy-2026.pdf",
        title: "Relationships and Health Education Policy",
        body: r#"Hollybrook Primary School. Reviewed after consultation with parents in June 2026 and approved by governors on 7 July 2026, in line with the revised statutory RSHE guidance that applies from September 2026. Next review: July 2027.

## What we teach
Relationships education and health education are compulsory in primary schools. We teach them through our weekly PSHE lessons using the Jigsaw scheme. Topics include families and people who care for me, caring friendships, respectful relationships, online relationships, being safe, mental wellbeing, physical health and fitness, healthy eating, basic first aid and the changing adolescent body.

## Sex education
We teach a small amount of sex education in Year 6, in the summer term, covering how a baby is conceived and born. This builds on the science curriculum.

## Right to withdraw
Parents may ask to withdraw their child from the sex education lessons in Year 6 (but not from relationships education, health education or the science curriculum). Please speak to the headteacher, Mrs Rachel Whitmore, who will discuss the request with you.

## Who teaches it
Class teachers teach PSHE. Our PSHE lead is Miss Hannah Doyle. Visitors, such as the school nurse, always work alongside a teacher.

## Working with parents
We share lesson materials before the summer term and hold an information session for Year 5 and 6 parents each year.

Paper copies of this policy are available free of charge from the school office."#,
    },
    Doc {
        path: "content/policies/send-information-report/send-information-report-2026-27.pdf",
        title: "SEND Information Report 2026-27",
        body: r#"Hollybrook Primary School. Published September 2026 in line with the SEND Code of Practice and the Special Educational Needs and Disability Regulations 2014. Next review: September 2027.

## Our SENCO
Mrs Priya Shah holds the National Award for SEN Co-ordination. Contact her on 01632 960 481 or senco@hollybrook.westmere.sch.uk.

## The kinds of needs we provide for
Communication and interaction; cognition and learning; social, emotional and mental health; sensory and physical needs. In October 2026, 41 pupils (19%) were on our SEN support register and 6 pupils had an education, health and care plan.

## How we identify needs
Teachers track every child's progress each term. If a child makes less progress than expected we talk to parents, assess the child, and may involve the SENCO and outside specialists.

## Assess, plan, do, review
Pupils on SEN support have a one-page profile and a support plan with targets, reviewed with parents and the child three times a year.

## Staff expertise
All teaching assistants are trained in Precision Teaching, Lego-based therapy and emotional literacy support (ELSA). We work with the Westmere educational psychology service, speech and language therapy, the school nurse and CAMHS.

## The Local Offer
Westmere County Council publishes its Local Offer at www.westmere.gov.uk/localoffer.

## Complaints
Please speak to the class teacher or Mrs Shah first. If you are still unhappy, follow the school complaints procedure.

Paper copies of this report are available free of charge from the school office."#,
    },
    Doc {
        path: "content/policies/accessibility-plan/accessibility-plan-2025-2028.pdf",
        title: "Accessibility Plan 2025 to 2028",
        body: r#"Hollybrook Primary School. Approved by the full governing body on 30 September 2025. Reviewed September 2026. Plan period: September 2025 to August 2028.

This plan sets out how we will increase access to education for disabled pupils under Schedule 10 of the Equality Act 2010.

## Aim 1: access to the curriculum
Train all teaching assistants in supporting pupils with sensory processing needs (by July 2026, done). Buy accessible PE equipment so every pupil can take part in competitive sport (by July 2027). Check every school trip destination for access before booking.

## Aim 2: the physical environment
Install a second accessible toilet in the KS2 block (summer 2026, done). Add contrasting edging to the steps by the hall (spring 2027). Replace the gravel path to the garden with a level surface (by summer 2028).

## Aim 3: written information
Offer letters and reports in large print, on coloured paper, or read aloud on request. Make sure our website meets WCAG 2.2 AA wherever we can. Provide translated key documents for families who need them.

## Monitoring
The Resources Committee reviews progress every year and reports to the full governing body.

Paper copies of this plan are available free of charge from the school office."#,
    },
    Doc {
        path: "content/policies/equality/equality-information-and-objectives-2026.pdf",
        title: "Equality Information and Objectives",
        body: r#"Hollybrook Primary School. Equality information updated October 2026. Equality objectives set October 2024 for October 2024 to October 2028.

## The public sector equality duty
We must have due regard to the need to eliminate discrimination, harassment and victimisation; to advance equality of opportunity; and to foster good relations between people who share a protected characteristic and people who do not.

## Our pupils (October 2026 census)
216 pupils on roll. 49% girls, 51% boys. 24% eligible for pupil premium. 19% on SEN support, 3% with an EHC plan. 14% speak English as an additional language; 11 home languages are spoken.

## Equality objectives 2024 to 2028
Objective 1: close the gap in the reading outcomes of disadvantaged pupils and their peers at the end of KS2 to less than 5 percentage points by July 2028.
Objective 2: increase the attendance of pupils with SEND to at least 95% by July 2027.
Objective 3: make sure every pupil takes part in at least one extra-curricular club each year, tracking participation by pupil group.

Paper copies are available free of charge from the school office."#,
    },
    Doc {
        path: "content/key-information/pupil-premium/pupil-premium-strategy-2026-27.pdf",
        title: "Pupil Premium Strategy Statement 2026 to 2027",
        body: r#"Hollybrook Primary School. This statement details our use of pupil premium funding for the 2026 to 2027 academic year and the outcomes for disadvantaged pupils last year. Published 2 October 2026. Next review: July 2027.

## School overview
Number of pupils in school: 216. Proportion of pupil premium eligible pupils: 24%. Academic years covered: 2025 to 2026, 2026 to 2027 and 2027 to 2028. Statement authorised by: Mrs Rachel Whitmore, Headteacher. Pupil premium lead: Mr Daniel Okafor. Governor lead: Dr Anita Rao.

## Funding overview
Pupil premium funding allocation this academic year: GBP 77,820. Pupil premium funding carried forward from previous years: GBP 0. Total budget for this academic year: GBP 77,820.

## Part A: intent
Our aim is that disadvantaged pupils make strong progress and achieve high attainment across the curriculum, especially in reading.

## Challenges
1. Weaker oral language on entry to Reception. 2. Lower phonics outcomes. 3. Lower attendance and higher persistent absence. 4. Social and emotional needs. 5. Narrower experiences outside school.

## Activity
Teaching (about GBP 28,000): phonics training and resources, maths mastery CPD. Targeted support (about GBP 34,000): NELI in Reception, tutoring, daily reading catch-up. Wider strategies (about GBP 15,820): attendance officer time, ELSA sessions, help with trips and clubs.

## Part B: outcomes 2025 to 2026
Year 1 phonics: 78% of disadvantaged pupils met the standard (2025: 64%). KS2 reading, writing and maths: 52% of disadvantaged pupils met the expected standard (2025: 44%). Attendance of disadvantaged pupils rose from 92.1% to 93.8%.

Paper copies are available free of charge from the school office."#,
    },
    Doc {
        path: "content/key-information/pe-sport-premium/pe-sport-premium-report-2025-26.pdf",
        title: "PE and Sport Premium Report 2025-26",
        body: r#"Hollybrook Primary School. Published 17 July 2026.

## Funding
Total received for 2025-26: GBP 17,960 (GBP 16,000 plus GBP 10 per pupil in Years 1 to 6). Carried forward from 2024-25: GBP 0.

## Spending
Specialist coach team-teaching with staff: GBP 6,200. Westmere School Sport Partnership membership: GBP 2,400. Playground leader training and equipment: GBP 2,150. New gymnastics equipment: GBP 3,100. Extra swimming top-up sessions for Year 6: GBP 1,560. Transport to competitions: GBP 1,450. Bikeability and balance bikes: GBP 1,100. Total: GBP 17,960.

## Impact
Every teacher was observed and coached in gymnastics and games. 78% of KS2 pupils attended at least one sports club (2024-25: 61%). We entered 14 inter-school competitions (2024-25: 8).

## Sustainability
Staff now plan and teach gymnastics confidently without the coach. Trained Year 5 play leaders will train the next cohort.

## Year 6 swimming (cohort of 30)
Swim competently, confidently and proficiently over at least 25 metres: 83%. Use a range of strokes effectively: 77%. Perform safe self-rescue in different water-based situations: 80%.

Paper copies are available free of charge from the school office."#,
    },
    Doc {
        path: "content/news/2026-10-16-autumn-newsletter/autumn-newsletter-october-2026.pdf",
        title: "Hollybrook News - October 2026",
        body: r#"A message from Mrs Whitmore, Headteacher.

What a start to the year! Our new Reception children have settled beautifully and already know their way to the dinner hall. Thank you to every family who came to the Meet the Teacher evenings.

## Harvest collection
Thank you for your generous harvest gifts. We delivered 212 items to Ashcombe Food Bank.

## Attendance
Whole-school attendance for September was 96.4%. Well done to Year 3, who won the attendance cup with 98.9%.

## Parents' evenings
Parents' evenings are on Tuesday 3 November and Thursday 5 November. Book your slot through the school app.

## Dates for your diary
Half term: Monday 26 October to Friday 30 October. INSET day: Monday 2 November. Anti-Bullying Week: 16 to 20 November. Christmas Fair: Saturday 5 December.

Have a restful half term."#,
    },
];

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for doc in DOCS {
        let out = root.join(doc.path);
        if let Some(dir) = out.parent() {
            fs::create_dir_all(dir)?;
        }
        let bytes = build_pdf(doc.title, doc.body);
        fs::write(&out, &bytes)?;
        println!("wrote {} ({} bytes)", doc.path, bytes.len());
    }
    Ok(())
}

/// A line laid out on a page: which font, what size, what text.
struct Line {
    bold: bool,
    size: f32,
    text: String,
}

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const WRAP: usize = 92;

/// Lays the document out into pages of lines.
fn layout(title: &str, body: &str) -> Vec<Vec<(f32, Line)>> {
    let mut lines = vec![Line { bold: true, size: 16.0, text: title.to_string() }];
    lines.push(Line { bold: false, size: 6.0, text: String::new() });
    for para in body.split("\n\n") {
        let para = para.trim();
        if let Some(heading) = para.strip_prefix("## ") {
            let mut parts = heading.splitn(2, '\n');
            let head = parts.next().unwrap_or_default();
            lines.push(Line { bold: true, size: 12.0, text: head.to_string() });
            if let Some(rest) = parts.next() {
                push_wrapped(&mut lines, rest);
            }
        } else {
            push_wrapped(&mut lines, para);
        }
        lines.push(Line { bold: false, size: 6.0, text: String::new() });
    }
    let mut pages = vec![Vec::new()];
    let mut y = PAGE_H - MARGIN;
    for line in lines {
        let leading = line.size * 1.35;
        if y - leading < MARGIN {
            pages.push(Vec::new());
            y = PAGE_H - MARGIN;
        }
        y -= leading;
        if let Some(page) = pages.last_mut() {
            page.push((y, line));
        }
    }
    pages
}

fn push_wrapped(lines: &mut Vec<Line>, text: &str) {
    for source_line in text.lines() {
        let mut current = String::new();
        for word in source_line.split_whitespace() {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > WRAP {
                lines.push(Line { bold: false, size: 10.5, text: std::mem::take(&mut current) });
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        if !current.is_empty() {
            lines.push(Line { bold: false, size: 10.5, text: current });
        }
    }
}

/// Encodes text as a PDF literal string in WinAnsiEncoding.
fn pdf_string(text: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for ch in text.chars() {
        let byte: u8 = match ch {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                ch as u8
            }
            ' '..='~' => ch as u8,
            '£' => 0xA3,
            '–' => 0x96,
            '—' => 0x97,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            'é' => 0xE9,
            _ => b'?',
        };
        if byte >= 0x80 {
            out.extend_from_slice(format!("\\{byte:03o}").as_bytes());
        } else {
            out.push(byte);
        }
    }
    out.push(b')');
    out
}

/// Builds the whole file: objects, cross-reference table and trailer.
fn build_pdf(title: &str, body: &str) -> Vec<u8> {
    let pages = layout(title, body);
    // Object numbers: 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold,
    // 5 info, then a page object and its content stream for each page.
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let page_ids: Vec<usize> = (0..pages.len()).map(|i| 6 + 2 * i).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = page_ids.iter().map(|id| format!("{id} 0 R")).collect();
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()).into_bytes());
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec());
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_vec());
    let mut info = b"<< /Title ".to_vec();
    info.extend(pdf_string(title));
    info.extend_from_slice(b" /Author ");
    info.extend(pdf_string(AUTHOR));
    info.extend_from_slice(b" /Producer (Schoolgate demo fixtures)");
    info.extend_from_slice(format!(" /CreationDate ({CREATED}) >>").as_bytes());
    objects.push(info);

    for (index, page) in pages.iter().enumerate() {
        let content_id = page_ids[index] + 1;
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {content_id} 0 R >>"
            )
            .into_bytes(),
        );
        let mut stream = Vec::new();
        for (y, line) in page {
            if line.text.is_empty() {
                continue;
            }
            let font = if line.bold { "F2" } else { "F1" };
            stream.extend_from_slice(format!("BT /{font} {} Tf {MARGIN} {y:.1} Td ", line.size).as_bytes());
            stream.extend(pdf_string(&line.text));
            stream.extend_from_slice(b" Tj ET\n");
        }
        stream.extend_from_slice(
            format!("BT /F1 8 Tf {MARGIN} 30 Td (Page {} of {}) Tj ET\n", index + 1, pages.len()).as_bytes(),
        );
        let mut obj = format!("<< /Length {} >>\nstream\n", stream.len()).into_bytes();
        obj.extend(stream);
        obj.extend_from_slice(b"endstream");
        objects.push(obj);
    }

    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, obj) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(obj);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref_at = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref_at}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}
