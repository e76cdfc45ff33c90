#!/usr/bin/perl
# Writes the small GeoIP test databases under src/test/resources/geoip/:
#
#   conntrackd-test-City.mmdb     City-shaped (database type GeoLite2-City)
#   conntrackd-test-City-v2.mmdb  the same networks with other places, for the reload tests
#   conntrackd-test-ASN.mmdb      ASN-shaped (database type GeoLite2-ASN)
#
# The data is invented. Networks are loopback (so real-kernel tests on loopback traffic get known
# locations) and documentation ranges (RFC 5737, RFC 3849); some records lack fields on purpose.
# The build epoch is fixed, so running this again gives byte-identical files.
#
# Needs Debian's libmaxmind-db-writer-perl. Run from the repository root:
#   perl src/test/geoip/make-test-databases.pl
# and update src/test/java/io/conntrackd/geoip/TestDatabases.java if you change the data.
use strict;
use utf8;
use warnings;

use MaxMind::DB::Writer::Tree;

my $out = 'src/test/resources/geoip';
my $build_epoch = 1735689600;    # 2025-01-01T00:00:00Z

my %types = (
    city                           => 'map',
    country                        => 'map',
    location                       => 'map',
    names                          => 'map',
    geoname_id                     => 'uint32',
    iso_code                       => 'utf8_string',
    latitude                       => 'double',
    longitude                      => 'double',
    accuracy_radius                => 'uint16',
    time_zone                      => 'utf8_string',
    autonomous_system_number       => 'uint32',
    autonomous_system_organization => 'utf8_string',
);

sub place {
    my (%p) = @_;
    my %record;
    $record{city} = { names => $p{city} } if $p{city};
    $record{country} = { iso_code => $p{iso}, names => { en => $p{country} } } if $p{country};
    $record{location} = { latitude => $p{lat}, longitude => $p{lon}, accuracy_radius => 100 }
        if defined $p{lat};
    return \%record;
}

# network => record; v1 of the City data
my %city = (
    # full records
    '127.0.0.0/24'   => place(city => { en => 'Berlin' }, country => 'Germany', iso => 'DE',
                              lat => 52.5244, lon => 13.4105),
    '192.0.2.0/24'   => place(city => { en => 'Sydney' }, country => 'Australia', iso => 'AU',
                              lat => -33.8678, lon => 151.2073),
    '::1/128'        => place(city => { en => 'Tokyo' }, country => 'Japan', iso => 'JP',
                              lat => 35.6895, lon => 139.6917),
    '2001:db8::/32'  => place(city => { en => 'Amsterdam' }, country => 'Netherlands', iso => 'NL',
                              lat => 52.3740, lon => 4.8897),
    # partial records
    '127.0.1.0/24'   => place(country => 'France', iso => 'FR', lat => 48.8582, lon => 2.3387),   # no city
    '127.0.2.0/24'   => place(country => 'Italy', iso => 'IT'),                                  # country only
    '127.0.3.0/24'   => place(city => { de => 'München' }, country => 'Germany', iso => 'DE',     # no English city
                              lat => 48.1374, lon => 11.5755),
    '127.0.4.0/24'   => {},                                                                      # nothing we use
    '198.51.100.0/24' => place(lat => 40.7128, lon => -74.0060),                                 # coordinates only
    '2001:db8:1::/48' => place(country => 'Netherlands', iso => 'NL'),                           # country only
);

my %city_v2 = (
    %city,
    '127.0.0.0/24'  => place(city => { en => 'Hamburg' }, country => 'Germany', iso => 'DE',
                             lat => 53.5753, lon => 10.0153),
    '192.0.2.0/24'  => place(city => { en => 'Melbourne' }, country => 'Australia', iso => 'AU',
                             lat => -37.8140, lon => 144.9633),
);

my %asn = (
    '127.0.0.0/8'     => { autonomous_system_number => 64496, autonomous_system_organization => 'Loopback Networks' },
    '::1/128'         => { autonomous_system_number => 64497, autonomous_system_organization => 'Loopback Six' },
    '192.0.2.0/24'    => { autonomous_system_number => 64498, autonomous_system_organization => 'Example Transit' },
    '2001:db8::/32'   => { autonomous_system_number => 64499, autonomous_system_organization => 'Example IPv6 Net' },
    '198.51.100.0/24' => { autonomous_system_number => 64500 },                                  # no organisation
);

sub write_database {
    my ($file, $type, $records) = @_;
    my $tree = MaxMind::DB::Writer::Tree->new(
        ip_version               => 6,
        record_size              => 24,
        database_type            => $type,
        languages                => ['en', 'de'],
        description              => { en => 'conntrackd test data (invented, not real locations)' },
        alias_ipv6_to_ipv4       => 1,
        remove_reserved_networks => 0,
        map_key_type_callback    => sub { $types{ $_[0] } // 'utf8_string' },
    );
    $tree->_set_build_epoch($build_epoch);
    # more specific networks last, so they override the ranges they lie in
    for my $network (sort { (split m{/}, $a)[1] <=> (split m{/}, $b)[1] } keys %$records) {
        $tree->insert_network($network, $records->{$network});
    }
    open my $fh, '>:raw', "$out/$file" or die "cannot write $out/$file: $!";
    $tree->write_tree($fh);
    close $fh or die "cannot write $out/$file: $!";
    print "wrote $out/$file\n";
}

write_database('conntrackd-test-City.mmdb', 'GeoLite2-City', \%city);
write_database('conntrackd-test-City-v2.mmdb', 'GeoLite2-City', \%city_v2);
write_database('conntrackd-test-ASN.mmdb', 'GeoLite2-ASN', \%asn);
