# The parsing half of Zammad's text module CSV import, reproduced with Ruby's own CSV library.
#
# Follows zammad/zammad app/controllers/text_modules_controller.rb (#import_start: col_sep defaults to ',',
# the upload is read as UTF-8) and app/models/concerns/can_csv_import.rb (.csv_import: header stripped and
# downcased, the lookup column check, the payload per row, and "duplicate record found" when two rows look up
# the same record). Zammad's String#strip (lib/core_ext/string.rb) also removes U+200B and U+FEFF.
# Prints JSON: {"errors": [...], "header": [...], "rows": [{column: value}, ...], "widths": [fields per row]}.
require 'csv'
require 'json'

LOOKUP_KEYS = %w[id name].freeze # %i[id name login email number] & TextModule.attribute_names
# TextModule's columns (db/migrate/20120101000001_create_base.rb) and associations (csv_verify_attributes).
ATTRIBUTES = %w[id user_id name keywords content note active foreign_id updated_by_id created_by_id created_at
                updated_at user groups group_ids created_by updated_by].freeze
IGNORED = [].freeze

def zammad_strip(value)
  value.sub(/\A[[[:space:]]\u{200B}\u{FEFF}]+/, '').sub(/[[[:space:]]\u{200B}\u{FEFF}]+\Z/, '')
end

string = File.binread(ARGV.fetch(0)).force_encoding('utf-8')
col_sep = ARGV[1] || ','
errors = []
begin
  header, *rows = CSV.parse(string, col_sep: col_sep)
rescue CSV::MalformedCSVError => e
  puts JSON.generate(errors: ["CSV::MalformedCSVError: #{e.message}"], header: [], rows: [], widths: [])
  exit
end
header = (header || []).map { |column| column && zammad_strip(column).downcase }

if string.strip.empty?
  errors << 'Unable to parse empty file/string for TextModule.'
elsif header.empty?
  errors << 'Unable to parse file/string without header for TextModule.'
elsif rows.first.nil? || rows.first.empty?
  errors << 'No records found in file/string for TextModule.'
elsif (header & LOOKUP_KEYS).none?
  errors << "No lookup column like #{LOOKUP_KEYS.join(',')} for TextModule found."
end

payload = []
if errors.empty?
  seen = {}
  rows.each.with_index do |row, i|
    attributes = header.zip(row).to_h.compact.transform_values { |v| zammad_strip(v) }
                       .transform_values { |v| v.include?('~~~') ? v.split('~~~') : v }
                       .reject { |k, _| k.nil? }.reject { |k, _| IGNORED.include?(k) }
    key = LOOKUP_KEYS.map { |k| attributes[k] && [k, attributes[k]] }.compact.first
    if key && seen[key]
      errors << "Line #{i + 1}: duplicate record found."
      next
    end
    seen[key] = true if key
    unknown = attributes.keys.reject { |k| ATTRIBUTES.include?(k) }
    errors << "Line #{i + 1}: unknown attribute '#{unknown.first}' for TextModule." if unknown.any?
    payload << attributes
  end
end

puts JSON.generate(errors: errors, header: header, rows: payload, widths: rows.map(&:size))
