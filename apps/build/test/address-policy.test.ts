import {describe, expect, it} from 'vitest'
import {classifyAddress, isListed, parseListedHost} from '../src/core/address-policy.js'

describe('classifyAddress', () => {
  it('names every kind of address `images.remote: true` never reaches', () => {
    const cases: Array<[string, string]> = [
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['::1', 'loopback'],
      ['10.0.0.1', 'private'],
      ['10.255.255.255', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.254', 'private'],
      ['192.168.1.1', 'private'],
      ['100.64.0.1', 'private'],
      ['fc00::1', 'private'],
      ['fd12:3456::1', 'private'],
      ['169.254.0.1', 'link-local'],
      ['fe80::1', 'link-local'],
      ['fe80::1%eth0', 'link-local'],
      ['169.254.169.254', 'metadata'],
      ['fd00:ec2::254', 'metadata'],
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['::', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['ff02::1', 'multicast'],
      ['255.255.255.255', 'reserved'],
      ['240.0.0.1', 'reserved'],
      ['192.0.2.1', 'reserved']
    ]
    expect(cases.map(([address]) => [address, classifyAddress(address)])).toEqual(cases)
  })

  it('judges an IPv4 address written inside IPv6 as that IPv4 address', () => {
    expect(classifyAddress('::ffff:127.0.0.1')).toBe('loopback')
    expect(classifyAddress('::ffff:7f00:1')).toBe('loopback')
    expect(classifyAddress('::ffff:a9fe:a9fe')).toBe('metadata')
    expect(classifyAddress('64:ff9b::10.0.0.1')).toBe('private')
    expect(classifyAddress('[::ffff:192.168.0.1]')).toBe('private')
    expect(classifyAddress('::ffff:8.8.8.8')).toBeUndefined()
  })

  it('finds public addresses public, next to the edges of the ranges', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.0', '169.253.255.255', '100.63.255.255', '11.0.0.0', '2606:4700::1111', '2a00:1450::1', '[2001:4860::8888]']) {
      expect(classifyAddress(address), address).toBeUndefined()
    }
  })

  it('says nothing of text that is no address (names are judged once resolved)', () => {
    expect(classifyAddress('localhost')).toBeUndefined()
    expect(classifyAddress('cdn.example.org')).toBeUndefined()
  })
})

describe('images.remote hosts', () => {
  it('reads names and addresses, with a port or not', () => {
    expect(parseListedHost('cdn-images-1.medium.com')).toEqual({host: 'cdn-images-1.medium.com', port: undefined})
    expect(parseListedHost('127.0.0.1:8765')).toEqual({host: '127.0.0.1', port: 8765})
    expect(parseListedHost('[::1]:8080')).toEqual({host: '::1', port: 8080})
    expect(parseListedHost('::1')).toEqual({host: '::1'})
    expect(parseListedHost('CDN.Example.org')).toEqual({host: 'cdn.example.org', port: undefined})
  })

  it('refuses entries that are not a host, or that a URL parser would read as another', () => {
    for (const entry of ['https://cdn.example.org', 'cdn.example.org/images', 'user@cdn.example.org', '0x7f.1', '2130706433', '']) expect(parseListedHost(entry), entry).toBeUndefined()
  })

  it('allows a host as listed: its port when one is given, else the default port only', () => {
    const listed = ['cdn.example.org', '127.0.0.1:8765'].map((entry) => parseListedHost(entry)!)
    expect(isListed(new URL('https://cdn.example.org/a.png'), listed)).toBe(true)
    expect(isListed(new URL('http://cdn.example.org:80/a.png'), listed)).toBe(true)
    expect(isListed(new URL('https://cdn.example.org:8443/a.png'), listed)).toBe(false)
    expect(isListed(new URL('http://127.0.0.1:8765/a.png'), listed)).toBe(true)
    expect(isListed(new URL('http://127.0.0.1:8766/a.png'), listed)).toBe(false)
    expect(isListed(new URL('http://127.0.0.1/a.png'), listed)).toBe(false)
    expect(isListed(new URL('https://evil.example.org/a.png'), listed)).toBe(false)
    expect(isListed(new URL('https://cdn.example.org.evil.test/a.png'), listed)).toBe(false)
    // A URL parser's other spellings of a listed address are the address.
    expect(isListed(new URL('http://0x7f.1:8765/a.png'), listed)).toBe(true)
  })
})
